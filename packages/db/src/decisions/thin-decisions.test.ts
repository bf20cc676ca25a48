/** Thinning the decision log against a real Postgres: what it keeps, and a ledger rebuilt from it that does not move. */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { buildLedger } from "../finance/build-ledger";
import { seedPlacedJob, seedPrices, seedProfile } from "../finance/fixtures";
import { seedEnrolledRig, seedSite, testDatabase, truncateAll } from "../testing";
import { thinDecisions } from "./thin-decisions";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

const H = 3_600_000;
const T0 = new Date("2026-03-02T10:00:00Z").getTime();
const EPOCH_MIN = 5;
const EPOCHS = (4 * 60) / EPOCH_MIN; // four hours
const at = (epoch: number) => new Date(T0 + epoch * EPOCH_MIN * 60_000);
type TDecided = { mode: "MINE" | "AI" | "IDLE"; workload: string | null; jobIds: number[]; reasonCode: string; powerW: number };

/** One decision per rig per epoch, as the scheduler writes them; `changed` where the work changes. */
async function writeLog(rigs: { rigId: number; decide: (epoch: number) => TDecided }[]) {
  await db.pool.query(`INSERT INTO "SchedulerRun" ("epochStart", "workerId", "finishedAt") SELECT t, 'test', t FROM unnest($1::timestamptz[]) t`, [
    Array.from({ length: EPOCHS }, (_, e) => at(e)),
  ]);
  for (let e = 0; e < EPOCHS; e++) {
    for (const { rigId, decide } of rigs) {
      const d = decide(e);
      const prev = e > 0 ? decide(e - 1) : null;
      const changed = !prev || prev.mode !== d.mode || prev.workload !== d.workload || prev.jobIds.join() !== d.jobIds.join();
      await db.pool.query(
        `INSERT INTO "Decision" ("runId", "rigId", at, mode, workload, "jobIds", "expectedMicroUsdPerHour", "powerW", "reasonCode", reason, changed)
         SELECT id, $2, $1, $3::"WorkMode", $4, $5::int[], 0, $6, $7, 'test', $8 FROM "SchedulerRun" WHERE "epochStart" = $1`,
        [at(e), rigId, d.mode, d.workload, d.jobIds, d.powerW, d.reasonCode, changed],
      );
    }
  }
}

const count = async () => Number((await db.pool.query(`SELECT count(*) FROM "Decision"`)).rows[0].count);
const ledger = async () =>
  (await db.pool.query(`SELECT * FROM "LedgerEntry" ORDER BY hour, "rigId"`)).rows.map(({ computedAt, buildId, ...values }) => ({
    ...values,
    computedAt: !!computedAt,
    buildId: !!buildId,
  }));

describe("thinDecisions", () => {
  it("keeps runs' ends, changes and each hour's last decision, past the detail period only; the ledger rebuilt from the thinned log is unchanged", async () => {
    await seedProfile(db, { key: "rvn-kawpow", coin: "TST", poolFeeBps: 200, hardwareModel: "RTX 3090", hashrateHs: 1e12, powerW: 250 });
    await seedPrices(db, "hashprice:TST", [{ at: new Date(T0 - 24 * H), intervalSeconds: 86_400, valueMicroUsd: 48_000_000n }]);
    await seedPrices(
      db,
      "electricity:ERCOT:HB_SOUTH:dam",
      [0, 1, 2, 3].map((i) => ({ at: new Date(T0 + i * H), intervalSeconds: 3600, valueMicroUsd: BigInt(30 + 10 * i) * 1_000_000n })),
    );
    const site = await seedSite(db, { code: "S1", pue: 1.1 });
    const a = await seedEnrolledRig(db, { siteId: site.id });
    const b = await seedEnrolledRig(db, { siteId: site.id });
    const c = await seedEnrolledRig(db, { siteId: site.id });
    const job = await seedPlacedJob(db, { rigId: b.rigId, gpuIndices: [0, 1], priceMicroUsdPerGpuHour: 900_000n, startedAt: at(16), endedAt: at(36) });
    const mine: TDecided = { mode: "MINE", workload: "rvn-kawpow", jobIds: [], reasonCode: "BEST_PROFIT", powerW: 680 };
    const idle: TDecided = { mode: "IDLE", workload: null, jobIds: [], reasonCode: "CURTAILED", powerW: 150 };
    await writeLog([
      // Mines throughout; for 40 minutes of the second hour held by dwell (same work, another reason).
      { rigId: a.rigId, decide: (e) => (e >= 14 && e < 22 ? { ...mine, reasonCode: "DWELL" } : mine) },
      // Mines 80 minutes, runs a job 100 minutes, then idles.
      { rigId: b.rigId, decide: (e) => (e < 16 ? mine : e < 36 ? { mode: "AI", workload: "pytorch", jobIds: [job], reasonCode: "BEST_PROFIT", powerW: 900 } : idle) },
      // Switches between mining and idle every 25 minutes.
      { rigId: c.rigId, decide: (e) => (Math.floor(e / 5) % 2 ? idle : mine) },
    ]);
    const end = new Date(T0 + 4 * H);
    await buildLedger({ db, from: new Date(T0), to: end, now: end });
    const before = await ledger();
    expect(before).toHaveLength(12);
    expect(await count()).toBe(3 * EPOCHS);

    // 26 h after the log's start, with a 24 h detail period: the first two hours are thinned.
    const first = await thinDecisions({ db, now: new Date(T0 + 26 * H + 30 * 60_000), detailHours: 24 });
    expect(first.hours).toBe(2);
    const inLastHours = await db.pool.query(`SELECT count(*)::int AS n FROM "Decision" WHERE at >= $1`, [new Date(T0 + 2 * H)]);
    expect(inLastHours.rows[0].n).toBe(3 * 24);
    // Later: the log's two other hours and two without decisions, two hours a call.
    const rest = [];
    for (let i = 0; i < 3; i++) rest.push(await thinDecisions({ db, now: new Date(T0 + 30 * H), detailHours: 24 }));
    expect(rest.map((r) => r.hours)).toEqual([2, 2, 0]);
    expect(first.deleted + rest.reduce((n, r) => n + r.deleted, 0)).toBe(3 * EPOCHS - (await count()));

    // Kept, rig by rig: the first and last epoch of each run of equal decisions, and each hour's last (11, 23, 35, 47).
    const kept = (await db.pool.query(`SELECT "rigId", at FROM "Decision" ORDER BY "rigId", at`)).rows.map((r) => `${r.rigId}@${(r.at.getTime() - T0) / 300_000}`);
    const keep = (rigId: number, epochs: number[]) => epochs.map((e) => `${rigId}@${e}`);
    expect(kept).toEqual([
      ...keep(a.rigId, [0, 11, 13, 14, 21, 22, 23, 35, 47]),
      ...keep(b.rigId, [0, 11, 15, 16, 23, 35, 36, 47]),
      ...keep(c.rigId, [0, 4, 5, 9, 10, 11, 14, 15, 19, 20, 23, 24, 25, 29, 30, 34, 35, 39, 40, 44, 45, 47]),
    ]);
    expect((await thinDecisions({ db, now: new Date(T0 + 30 * H), detailHours: 24 })).deleted).toBe(0);

    // The same facts less the thinned decisions: every ledger row as it was, no revision.
    const rebuilt = await buildLedger({ db, from: new Date(T0), to: end, now: end });
    expect(rebuilt).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
    expect(await ledger()).toEqual(before);
  });
});
