/**
 * Fresh data for one e2e spec: empties the test database, then seeds users, a site and one
 * enrollment token per given hostname. Prints one JSON line (secrets are test-only).
 * Usage: tsx scripts/test/seed-e2e.ts [--dashboard] HOSTNAME...
 * With --dashboard it also seeds the dashboard specs' farm (scripts/test/seed-dashboard.ts).
 */
import { randomBytes } from "node:crypto";
import { createEnrollmentToken } from "@rigshift/db";
import { ensureUser, seedCatalogue } from "@rigshift/db/seed";
import { seedSite, testDatabase, truncateAll } from "@rigshift/db/testing";
import { seedDashboard } from "./seed-dashboard";

const db = testDatabase(process.env.DATABASE_URL);
await truncateAll(db);
await seedCatalogue({ db: db.prisma });
const users: Record<string, { email: string; password: string }> = {};
for (const role of ["ADMIN", "OPERATOR", "FINANCE", "VIEWER"] as const) {
  const email = `${role.toLowerCase()}@e2e.test`;
  const password = randomBytes(12).toString("base64url");
  await ensureUser({ db: db.prisma, email, name: `E2E ${role.toLowerCase()}`, role, password });
  users[role.toLowerCase()] = { email, password };
}
const site = await seedSite(db, { code: "E2E-1" });
const enrollmentTokens: Record<string, string> = {};
const args = process.argv.slice(2);
const dashboard = args.includes("--dashboard") ? await seedDashboard(db, site) : undefined;
for (const host of args.filter((a) => !a.startsWith("--"))) {
  enrollmentTokens[host] = (await createEnrollmentToken({ db: db.prisma, siteId: site.id, label: host, createdBy: "e2e", now: new Date() })).token;
}
await db.close();
console.log(JSON.stringify({ admin: users.admin, users, site: { code: site.code }, enrollmentTokens, dashboard }));
