/**
 * Fresh data for one e2e spec: empties the test database, then seeds users, a site and one
 * enrollment token per given hostname. Prints one JSON line (secrets are test-only).
 * Usage: tsx scripts/test/seed-e2e.ts HOSTNAME...
 */
import { randomBytes } from "node:crypto";
import { createEnrollmentToken } from "@rigshift/db";
import { ensureUser, seedCatalogue } from "@rigshift/db/seed";
import { seedSite, testDatabase, truncateAll } from "@rigshift/db/testing";

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
for (const host of process.argv.slice(2)) {
  enrollmentTokens[host] = (await createEnrollmentToken({ db: db.prisma, siteId: site.id, label: host, createdBy: "e2e", now: new Date() })).token;
}
await db.close();
console.log(JSON.stringify({ admin: users.admin, users, site: { code: site.code }, enrollmentTokens }));
