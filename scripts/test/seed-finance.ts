/**
 * Fresh data for the finance e2e spec: empties the test database, then seeds users, two sites,
 * three GPU rigs and three whole UTC days (ending two days ago) of decisions, hourly telemetry,
 * prices (with negative hours) and one AI job that starts mid-hour, and builds their ledger.
 * Prints one JSON line: users (test-only secrets), the period, and the ledger's exact totals.
 * Usage: tsx scripts/test/seed-finance.ts
 */
import { randomBytes } from "node:crypto";
import { buildLedger, microToDecimal } from "@rigshift/db";
import { seedDecision, seedPlacedJob, seedPrices, seedProfile, seedRigHour } from "@rigshift/db/finance-testing";
import { ensureUser } from "@rigshift/db/seed";
import { seedEnrolledRig, seedSite, testDatabase, truncateAll } from "@rigshift/db/testing";

const H = 3_600_000;
const DAY = 24 * H;
const usd = (n: number) => BigInt(Math.round(n * 1e6));
const db = testDatabase(process.env.DATABASE_URL);
await truncateAll(db);

const users: Record<string, { email: string; password: string }> = {};
for (const role of ["ADMIN", "FINANCE", "VIEWER"] as const) {
  const email = `${role.toLowerCase()}@finance.e2e.test`;
  const password = randomBytes(12).toString("base64url");
  await ensureUser({ db: db.prisma, email, name: `E2E ${role.toLowerCase()}`, role, password });
  users[role.toLowerCase()] = { email, password };
}

const from = new Date(Math.floor(Date.now() / DAY) * DAY - 5 * DAY);
const to = new Date(from.getTime() + 3 * DAY);
const hours = Array.from({ length: 72 }, (_, h) => new Date(from.getTime() + h * H));
await seedProfile(db, { key: "rvn-kawpow", coin: "TST", poolFeeBps: 100, hardwareModel: "RTX 3090", hashrateHs: 1e12, powerW: 250 });
await seedPrices(
  db,
  "hashprice:TST",
  [-1, 0, 1, 2].map((d) => ({ at: new Date(from.getTime() + d * DAY), intervalSeconds: 86_400, valueMicroUsd: usd(47 + d * 1.5) })),
);
await seedPrices(
  db,
  "electricity:ERCOT:HB_SOUTH:rtm",
  Array.from({ length: 72 * 4 }, (_, i) => ({
    at: new Date(from.getTime() + i * 900_000),
    intervalSeconds: 900,
    valueMicroUsd: usd(i % 37 === 3 ? -12.25 : 18 + (i % 96) * 0.41),
  })),
);
await seedPrices(
  db,
  "electricity:PJM:WEST:dam",
  Array.from({ length: 72 }, (_, h) => ({ at: hours[h]!, intervalSeconds: 3600, valueMicroUsd: usd(33 + (h % 24)) })),
);
const s1 = await seedSite(db, { code: "FIN-1", pue: 1.1 });
const s2 = await seedSite(db, { code: "FIN-2", pue: 1.25 });
await db.prisma.site.update({ where: { id: s2.id }, data: { marketZone: "PJM:WEST" } });
const rigs = [
  await seedEnrolledRig(db, { siteId: s1.id, hostname: "fin-gpu-1" }),
  await seedEnrolledRig(db, { siteId: s1.id, hostname: "fin-gpu-2" }),
  await seedEnrolledRig(db, { siteId: s2.id, hostname: "fin-gpu-3" }),
];
// Rig 1 runs an AI job from 30 h + 25 min to 41 h + 25 min (mid-hour both ways); the rest mine.
const aiFrom = new Date(from.getTime() + 30 * H + 25 * 60_000);
const aiTo = new Date(from.getTime() + 41 * H + 25 * 60_000);
for (const [i, { rigId }] of rigs.entries()) {
  for (const hour of hours) {
    const ai = i === 0 && hour >= new Date(aiFrom.getTime() - 25 * 60_000) && hour < new Date(aiTo.getTime() - 25 * 60_000);
    await seedDecision(db, {
      rigId,
      at: ai ? new Date(hour.getTime() + 25 * 60_000) : hour,
      mode: ai ? "AI" : "MINE",
      workload: ai ? "pytorch" : "rvn-kawpow",
      powerW: ai ? 900 : 680,
    });
    await seedRigHour(db, { rigId, hour, energyWh: 650 + 7 * i + (hour.getUTCHours() % 5) * 3, hashrateHsAvg: ai ? null : 1.95e12 + i * 1e10 });
  }
}
await seedPlacedJob(db, { rigId: rigs[0]!.rigId, gpuIndices: [0, 1], priceMicroUsdPerGpuHour: usd(2.45), startedAt: aiFrom, endedAt: aiTo, customer: "e2e" });
await buildLedger({ db, from, to, now: new Date() });
const { rows } = await db.pool.query(
  `SELECT count(*)::int AS n, sum("miningRevenueMicroUsd")::text AS mining, sum("aiRevenueMicroUsd")::text AS ai, sum("energyCostMicroUsd")::text AS cost
   FROM "LedgerEntry" WHERE hour >= $1 AND hour < $2`,
  [from, to],
);
const t = rows[0];
await db.close();
const day = (d: Date) => d.toISOString().slice(0, 10);
console.log(
  JSON.stringify({
    users,
    period: { from: day(from), toInclusive: day(new Date(to.getTime() - DAY)), toExclusive: day(to) },
    ledger: {
      rigHours: t.n,
      miningRevenueUsd: microToDecimal(BigInt(t.mining)),
      aiRevenueUsd: microToDecimal(BigInt(t.ai)),
      energyCostUsd: microToDecimal(BigInt(t.cost)),
      marginUsd: microToDecimal(BigInt(t.mining) + BigInt(t.ai) - BigInt(t.cost)),
    },
  }),
);
