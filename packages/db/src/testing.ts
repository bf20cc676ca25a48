/**
 * Helpers for integration tests: a real database (DATABASE_URL, provided by scripts/test.sh),
 * a clean slate per test file, and small seeds. Never a mock.
 */
import type { TEnrollRequest } from "@rigshift/protocol";
import { enrollRig } from "./agents/enroll";
import { createEnrollmentToken } from "./agents/enrollment-tokens";
import { createDatabase, type Database } from "./client";

/** Rigs written directly (state, devices, token), for tests in other packages too. */
export { seedRig, type TRigSpec } from "./testkit/seed-farm";

export function testDatabase(databaseUrl: string | undefined): Database {
  if (!databaseUrl) throw new Error("DATABASE_URL is not set: run the tests with `npm test` (it provides Postgres)");
  return createDatabase(databaseUrl, { maxConnections: 5 });
}

/** Empties every application table (keeps the migrations table). */
export async function truncateAll(db: Database) {
  const { rows } = await db.pool.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
  if (rows.length) await db.pool.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
}

let counter = 0;

export async function seedSite(db: Database, overrides: Partial<{ code: string; powerCapKw: number; coolingCapacityKw: number; pue: number }> = {}) {
  counter += 1;
  const code = overrides.code ?? `T-${counter}`;
  const site = await db.prisma.site.create({
    data: {
      code,
      name: `Test site ${code}`,
      timezone: "UTC",
      marketZone: "ERCOT:HB_SOUTH",
      powerCapKw: overrides.powerCapKw ?? 1000,
      coolingCapacityKw: overrides.coolingCapacityKw ?? 1000,
      pue: overrides.pue ?? 1.1,
    },
  });
  await db.prisma.sitePolicy.create({ data: { siteId: site.id } });
  return site;
}

export function gpuEnrollRequest(enrollmentToken: string, hostname: string, gpus = 2): TEnrollRequest {
  return {
    enrollmentToken,
    hostname,
    kind: "GPU_RIG",
    model: "RTX 3090",
    agentVersion: "test",
    devices: Array.from({ length: gpus }, (_, index) => ({ index, kind: "GPU" as const, model: "RTX 3090", vramMb: 24576, powerLimitW: 350 })),
    workloads: [
      { key: "rvn-kawpow", mode: "MINE", params: {} },
      { key: "pytorch", mode: "AI", params: {} },
    ],
  };
}

/** A site with one enrolled GPU rig; returns its id and agent token. */
export async function seedEnrolledRig(db: Database, options: { hostname?: string; gpus?: number; siteId?: number } = {}) {
  const siteId = options.siteId ?? (await seedSite(db)).id;
  const now = new Date();
  const { token } = await createEnrollmentToken({ db: db.prisma, siteId, label: "test", createdBy: "test", now });
  counter += 1;
  const result = await enrollRig({ db, request: gpuEnrollRequest(token, options.hostname ?? `rig-${counter}`, options.gpus), now });
  return { ...result, siteId };
}
