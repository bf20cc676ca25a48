/**
 * The ledger SQL against a real Postgres, on cases small enough to check by hand.
 * Fleet: GPU rigs with 2 x "RTX 3090"; profile rvn-kawpow (coin TST, 2% pool fee) rates each GPU
 * at 1 TH/s and 250 W, so a rig's catalogue is 2 TH/s and 2 x 250 + 150 + 2 x 15 = 680 W.
 * Hashprice 48 USD/TH/day: 2 TH/s earn 4 USD/h gross, 3.92 USD/h after the fee.
 * Site S1 (ERCOT:HB_SOUTH, PUE 1.1): real-time 15-min prices; hour H0 40/50/60/70 -> 55 USD/MWh,
 * hour H1 -20 USD/MWh throughout (a negative-price hour).
 * Site S2 (PJM:WEST, PUE 1.25): day-ahead only, 30 USD/MWh.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { seedEnrolledRig, seedSite, testDatabase, truncateAll } from "../testing";
import { buildLedger } from "./build-ledger";
import { seedDecision, seedPlacedJob, seedPrices, seedProfile, seedRigHour } from "./fixtures";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());

const H = 3_600_000;
const H0 = new Date("2026-03-02T10:00:00Z");
const H1 = new Date(H0.getTime() + H);
const H2 = new Date(H0.getTime() + 2 * H);
const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);
const NOW = at(H2, 5);
const usd = (n: number) => BigInt(Math.round(n * 1e6));

let s1: number;
let s2: number;

async function entry(rigId: number, hour: Date) {
  return db.prisma.ledgerEntry.findUniqueOrThrow({ where: { hour_rigId: { hour, rigId } } });
}

beforeEach(async () => {
  await truncateAll(db);
  await seedProfile(db, { key: "rvn-kawpow", coin: "TST", poolFeeBps: 200, hardwareModel: "RTX 3090", hashrateHs: 1e12, powerW: 250 });
  await seedPrices(db, "hashprice:TST", [{ at: new Date("2026-03-02T00:00:00Z"), intervalSeconds: 86_400, valueMicroUsd: usd(48) }]);
  await seedPrices(
    db,
    "electricity:ERCOT:HB_SOUTH:rtm",
    [40, 50, 60, 70, -20, -20, -20, -20].map((v, i) => ({ at: at(H0, 15 * i), intervalSeconds: 900, valueMicroUsd: usd(v) })),
  );
  // Day-ahead at S1 too: never used where real-time exists.
  await seedPrices(
    db,
    "electricity:ERCOT:HB_SOUTH:dam",
    [0, 1].map((i) => ({ at: at(H0, 60 * i), intervalSeconds: 3600, valueMicroUsd: usd(999) })),
  );
  await seedPrices(
    db,
    "electricity:PJM:WEST:dam",
    [0, 1].map((i) => ({ at: at(H0, 60 * i), intervalSeconds: 3600, valueMicroUsd: usd(30) })),
  );
  s1 = (await seedSite(db, { code: "S1", pue: 1.1 })).id;
  s2 = (await seedSite(db, { code: "S2", pue: 1.25 })).id;
  await db.prisma.site.update({ where: { id: s2 }, data: { marketZone: "PJM:WEST" } });
});

describe("buildLedger", () => {
  it("a rig mining all hour: measured energy, real-time price, revenue less pool fee, counterfactual equal to actual", async () => {
    const { rigId } = await seedEnrolledRig(db, { siteId: s1 });
    const decisionId = await seedDecision(db, { rigId, at: at(H0, -10), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    await seedRigHour(db, { rigId, hour: H0, energyWh: 1000, hashrateHsAvg: 2e12 });

    const result = await buildLedger({ db, from: H0, to: H1, now: NOW });
    expect(result).toMatchObject({ inserted: 1, updated: 0, deleted: 0 });
    const e = await entry(rigId, H0);
    expect(e).toMatchObject({
      siteId: s1,
      mode: "MINE",
      mineSeconds: 3600,
      aiSeconds: 0,
      idleSeconds: 0,
      minutesMeasured: 60,
      energyWh: 1000,
      energySource: "MEASURED",
      priceMicroUsdPerMwh: usd(55), // (40 + 50 + 60 + 70) / 4
      priceSource: "REAL_TIME",
      energyCostMicroUsd: 60_500n, // 0.001 MWh x 1.1 x 55
      hashpriceMicroUsdPerThDay: usd(48),
      miningRevenueMicroUsd: 3_920_000n, // 2 TH/s x 48 / 24 x 0.98
      aiRevenueMicroUsd: 0n,
      cfMiningRevenueMicroUsd: 3_920_000n,
      cfEnergyWh: 1000,
      cfEnergyCostMicroUsd: 60_500n,
      decisionId,
      revision: 1,
      buildId: result.buildId,
    });
  });

  it("a negative-price hour is a negative energy cost, and counts toward the margin", async () => {
    const { rigId } = await seedEnrolledRig(db, { siteId: s1 });
    await seedDecision(db, { rigId, at: H0, mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    await seedDecision(db, { rigId, at: H1, mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    await seedRigHour(db, { rigId, hour: H1, energyWh: 1200, hashrateHsAvg: 2e12 });

    await buildLedger({ db, from: H1, to: H2, now: NOW });
    const e = await entry(rigId, H1);
    expect(e.priceMicroUsdPerMwh).toBe(usd(-20));
    expect(e.energyCostMicroUsd).toBe(-26_400n); // 0.0012 MWh x 1.1 x -20
    expect(e.cfEnergyCostMicroUsd).toBe(-26_400n);
    expect(e.miningRevenueMicroUsd - e.energyCostMicroUsd).toBe(3_946_400n);
  });

  it("a rig that switched mid-hour: seconds split by the decisions' epochs, mining pro rata, AI by GPU-hours", async () => {
    const { rigId } = await seedEnrolledRig(db, { siteId: s1 });
    await seedDecision(db, { rigId, at: at(H0, -5), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    const aiDecision = await seedDecision(db, { rigId, at: at(H0, 20), mode: "AI", workload: "pytorch", powerW: 900 });
    // Two GPUs at 3 USD per GPU-hour from minute 20, still running.
    await seedPlacedJob(db, { rigId, gpuIndices: [0, 1], priceMicroUsdPerGpuHour: usd(3), startedAt: at(H0, 20), endedAt: null });
    // AI samples report no hashrate: the hour's average is the mining rate.
    await seedRigHour(db, { rigId, hour: H0, energyWh: 1500, hashrateHsAvg: 2e12 });

    await buildLedger({ db, from: H0, to: H1, now: NOW });
    const e = await entry(rigId, H0);
    expect(e).toMatchObject({
      mode: "AI",
      mineSeconds: 1200,
      aiSeconds: 2400,
      idleSeconds: 0,
      decisionId: aiDecision,
      miningRevenueMicroUsd: 1_306_667n, // 4 USD/h x 1200/3600 x 0.98 = 1.3066666...
      aiGpuSeconds: 4800,
      aiRevenueMicroUsd: 4_000_000n, // 2 GPUs x 40 min x 3 USD/GPU-h
      energyCostMicroUsd: 90_750n, // 0.0015 MWh x 1.1 x 55
      cfMiningRevenueMicroUsd: 3_920_000n, // the measured mining rate, all hour
      cfEnergyWh: 680, // catalogue mining power x 1 h
      cfEnergyCostMicroUsd: 41_140n, // 0.00068 x 1.1 x 55
    });
    // Uplift of the switch: (1.306667 + 4 - 0.09075) - (3.92 - 0.04114)
    expect(e.miningRevenueMicroUsd + e.aiRevenueMicroUsd - e.energyCostMicroUsd - (e.cfMiningRevenueMicroUsd - e.cfEnergyCostMicroUsd)).toBe(1_337_057n);
  });

  it("without telemetry: catalogue energy and hashrate, day-ahead price where no real-time one exists", async () => {
    const { rigId } = await seedEnrolledRig(db, { siteId: s2 });
    await seedDecision(db, { rigId, at: at(H0, -30), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    await buildLedger({ db, from: H0, to: H1, now: NOW });
    expect(await entry(rigId, H0)).toMatchObject({
      energySource: "CATALOGUE",
      energyWh: 680,
      minutesMeasured: 0,
      priceSource: "DAY_AHEAD",
      priceMicroUsdPerMwh: usd(30),
      energyCostMicroUsd: 25_500n, // 0.00068 x 1.25 x 30
      miningRevenueMicroUsd: 3_920_000n,
      cfEnergyCostMicroUsd: 25_500n,
    });
  });

  it("telemetry without a decision is an idle hour; a decision stops applying two hours after it was made", async () => {
    const { rigId } = await seedEnrolledRig(db, { siteId: s1 });
    const other = await seedEnrolledRig(db, { siteId: s1 });
    await seedRigHour(db, { rigId, hour: H0, energyWh: 300, hashrateHsAvg: null, minutesCovered: 30 });
    await seedDecision(db, { rigId: other.rigId, at: at(H0, -150), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    await buildLedger({ db, from: H0, to: H2, now: NOW });
    expect(await entry(rigId, H0)).toMatchObject({
      mode: "IDLE",
      idleSeconds: 3600,
      minutesMeasured: 30,
      decisionId: null,
      miningRevenueMicroUsd: 0n,
      energyCostMicroUsd: 18_150n,
    }); // 0.0003 x 1.1 x 55
    // The stale decision (2.5 h before H0) puts nothing in the ledger.
    expect(await db.prisma.ledgerEntry.count({ where: { rigId: other.rigId } })).toBe(0);
  });

  it("never builds the current, incomplete hour", async () => {
    const { rigId } = await seedEnrolledRig(db, { siteId: s1 });
    await seedDecision(db, { rigId, at: H0, mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    const result = await buildLedger({ db, from: H0, to: at(H2, 60), now: at(H1, 30) });
    expect(result.to).toEqual(H1);
    expect(await db.prisma.ledgerEntry.count()).toBe(1);
  });

  it("a rebuild after a price revision changes exactly the affected rows, bumps their revision and logs before/after", async () => {
    const a = await seedEnrolledRig(db, { siteId: s1 });
    const b = await seedEnrolledRig(db, { siteId: s2 });
    for (const { rigId } of [a, b]) {
      await seedDecision(db, { rigId, at: at(H0, -10), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
      await seedDecision(db, { rigId, at: at(H0, 50), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
      for (const hour of [H0, H1]) await seedRigHour(db, { rigId, hour, energyWh: 1000, hashrateHsAvg: 2e12 });
    }
    const first = await buildLedger({ db, from: H0, to: H2, now: NOW });
    expect(first).toMatchObject({ inserted: 4, updated: 0 });
    const before = await db.prisma.ledgerEntry.findMany({ orderBy: [{ rigId: "asc" }, { hour: "asc" }] });

    // Unchanged facts: nothing changes, not even computedAt, and the chunk is not even computed
    // (its digests still name the first build).
    expect(await buildLedger({ db, from: H0, to: H2, now: NOW })).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
    expect(await db.prisma.ledgerEntry.findMany({ orderBy: [{ rigId: "asc" }, { hour: "asc" }] })).toEqual(before);
    expect(await db.prisma.ledgerChunk.findMany({ select: { from: true, to: true, buildId: true } })).toEqual([{ from: H0, to: H2, buildId: first.buildId }]);

    // The market revises one real-time interval of H1 at S1: -20 -> -40 (hour average -25).
    await seedPrices(db, "electricity:ERCOT:HB_SOUTH:rtm", [{ at: at(H1, 15), intervalSeconds: 900, valueMicroUsd: usd(-40) }]);
    const rebuild = await buildLedger({ db, from: H0, to: H2, now: NOW, reason: "price revision" });
    expect(rebuild).toMatchObject({ inserted: 0, updated: 1, deleted: 0 });
    const after = await db.prisma.ledgerEntry.findMany({ orderBy: [{ rigId: "asc" }, { hour: "asc" }] });
    const changed = after.filter((e, i) => e.revision !== before[i]!.revision);
    expect(changed.map((e) => [e.rigId, e.hour])).toEqual([[a.rigId, H1]]);
    expect(changed[0]).toMatchObject({ revision: 2, priceMicroUsdPerMwh: usd(-25), energyCostMicroUsd: -27_500n, buildId: rebuild.buildId });
    const log = await db.prisma.ledgerRevision.findMany();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ buildId: rebuild.buildId, rigId: a.rigId, hour: H1, revision: 2 });
    expect(log[0]!.before).toMatchObject({ priceMicroUsdPerMwh: "-20000000", energyCostMicroUsd: "-22000" });
    expect(log[0]!.after).toMatchObject({ priceMicroUsdPerMwh: "-25000000", energyCostMicroUsd: "-27500" });
    expect(await db.prisma.ledgerBuild.findUniqueOrThrow({ where: { id: rebuild.buildId! } })).toMatchObject({ reason: "price revision", updated: 1 });
  });

  it("late telemetry replaces the catalogue figures; a row whose facts vanish is removed and logged", async () => {
    const { rigId } = await seedEnrolledRig(db, { siteId: s2 });
    const decision = await seedDecision(db, { rigId, at: at(H0, -10), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    await buildLedger({ db, from: H0, to: H1, now: NOW });
    expect((await entry(rigId, H0)).energySource).toBe("CATALOGUE");

    await seedRigHour(db, { rigId, hour: H0, energyWh: 700, hashrateHsAvg: 1.5e12 });
    await buildLedger({ db, from: H0, to: H1, now: NOW, reason: "late telemetry" });
    expect(await entry(rigId, H0)).toMatchObject({
      revision: 2,
      energySource: "MEASURED",
      energyWh: 700,
      energyCostMicroUsd: 26_250n, // 0.0007 x 1.25 x 30
      miningRevenueMicroUsd: 2_940_000n, // 1.5 TH/s x 2 USD/TH-h x 0.98
    });

    await db.prisma.rigHour.deleteMany({});
    await db.prisma.decision.delete({ where: { id: decision } });
    expect(await buildLedger({ db, from: H0, to: H1, now: NOW })).toMatchObject({ deleted: 1 });
    expect(await db.prisma.ledgerEntry.count()).toBe(0);
    const removed = await db.prisma.ledgerRevision.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(removed).toMatchObject({ rigId, revision: 3, after: null });
  });

  it("an unchanged chunk is skipped only while its rows are as built: rows lost or a rig moved to another site are rebuilt", async () => {
    const { rigId } = await seedEnrolledRig(db, { siteId: s1 });
    await seedDecision(db, { rigId, at: at(H0, -10), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    for (const hour of [H0, H1]) await seedRigHour(db, { rigId, hour, energyWh: 1000, hashrateHsAvg: 2e12 });
    await buildLedger({ db, from: H0, to: H2, now: NOW });
    const built = await db.prisma.ledgerEntry.findMany({ orderBy: { hour: "asc" } });

    // Rows deleted or altered behind the ledger's back: the rebuild restores them.
    await db.prisma.ledgerEntry.delete({ where: { hour_rigId: { hour: H1, rigId } } });
    await db.prisma.ledgerEntry.update({ where: { hour_rigId: { hour: H0, rigId } }, data: { energyCostMicroUsd: 1n } });
    expect(await buildLedger({ db, from: H0, to: H2, now: NOW })).toMatchObject({ inserted: 1, updated: 1, deleted: 0 });
    const values = (rows: typeof built) => rows.map(({ computedAt: _c, buildId: _b, revision: _r, ...rest }) => rest);
    expect(values(await db.prisma.ledgerEntry.findMany({ orderBy: { hour: "asc" } }))).toEqual(values(built));

    // The rig moves to S2: its rows follow, with S2's price and PUE.
    await db.prisma.rig.update({ where: { id: rigId }, data: { siteId: s2 } });
    expect(await buildLedger({ db, from: H0, to: H2, now: NOW })).toMatchObject({ inserted: 0, updated: 2, deleted: 0 });
    expect(await entry(rigId, H0)).toMatchObject({ siteId: s2, priceSource: "DAY_AHEAD", energyCostMicroUsd: 37_500n }); // 0.001 x 1.25 x 30
    expect(await buildLedger({ db, from: H0, to: H2, now: NOW })).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
  });

  it("builds chunks in parallel with the same result as one chunk", async () => {
    const { rigId } = await seedEnrolledRig(db, { siteId: s1 });
    await seedDecision(db, { rigId, at: at(H0, -10), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    await seedDecision(db, { rigId, at: at(H0, 90), mode: "IDLE", powerW: 180 });
    await buildLedger({ db, from: H0, to: H2, now: NOW, chunkHours: 1, concurrency: 2 });
    const chunked = await db.prisma.ledgerEntry.findMany({ orderBy: { hour: "asc" } });
    await db.prisma.ledgerEntry.deleteMany({});
    await buildLedger({ db, from: H0, to: H2, now: NOW, chunkHours: 24 });
    const whole = await db.prisma.ledgerEntry.findMany({ orderBy: { hour: "asc" } });
    const values = (rows: typeof whole) => rows.map(({ computedAt: _c, buildId: _b, ...rest }) => rest);
    expect(values(chunked)).toEqual(values(whole));
    expect(whole[1]).toMatchObject({ mineSeconds: 1800, idleSeconds: 1800, mode: "MINE", energyWh: 430 }); // (680 + 180) / 2
  });

  it("a decision every minute: repeats are merged per hour with the same seconds, energy and the latest decision", async () => {
    const { rigId } = await seedEnrolledRig(db, { siteId: s2 });
    const ids: bigint[] = [];
    for (let m = 0; m < 120; m++) {
      const mine = m < 25;
      ids.push(await seedDecision(db, { rigId, at: at(H0, m), mode: mine ? "MINE" : "AI", workload: mine ? "rvn-kawpow" : "pytorch", powerW: mine ? (m < 10 ? 600 : 700) : 900 }));
    }
    await buildLedger({ db, from: H0, to: H2, now: NOW });
    // (10 min x 600 W + 15 min x 700 W + 35 min x 900 W) / 60 = 800 Wh; catalogue, as there is no telemetry.
    expect(await entry(rigId, H0)).toMatchObject({ mode: "AI", mineSeconds: 1500, aiSeconds: 2100, energyWh: 800, energySource: "CATALOGUE", decisionId: ids[59] });
    expect(await entry(rigId, H1)).toMatchObject({ mode: "AI", aiSeconds: 3600, energyWh: 900, decisionId: ids[119] });
    // Mining revenue: 25 min of the catalogue's 2 TH/s at 2 USD/TH-h, less 2%.
    expect((await entry(rigId, H0)).miningRevenueMicroUsd).toBe(1_633_333n);
  });
});
