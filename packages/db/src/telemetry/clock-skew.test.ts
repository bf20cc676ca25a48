import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { seedEnrolledRig, testDatabase, truncateAll } from "../testing";
import { CLOCK_SKEW_TOLERANCE_MS, ClockSkewNoted, noteClockSkew } from "./clock-skew";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

const events = (rigId: number) => db.prisma.agentEvent.findMany({ where: { rigId, type: "clock.skew" }, orderBy: { at: "asc" } });
const off = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();

describe("noteClockSkew", () => {
  it("leaves a rig within the tolerance alone", async () => {
    const rig = await seedEnrolledRig(db);
    const now = new Date();
    expect(await noteClockSkew({ db, rigId: rig.rigId, sentAt: off(now, -CLOCK_SKEW_TOLERANCE_MS), now })).toEqual({ skewMs: -CLOCK_SKEW_TOLERANCE_MS, flagged: false });
    expect(await events(rig.rigId)).toEqual([]);
  });

  it("flags a rig minutes ahead or behind with one event a minute, critical once its telemetry is refused", async () => {
    const behind = await seedEnrolledRig(db, { hostname: "behind" });
    const ahead = await seedEnrolledRig(db, { hostname: "ahead", siteId: behind.siteId });
    const now = new Date(Date.UTC(2026, 0, 5, 12, 0, 10));
    const later = new Date(now.getTime() + 20_000);
    for (const t of [now, later]) expect(await noteClockSkew({ db, rigId: behind.rigId, sentAt: off(t, -7 * 60_000), now: t })).toMatchObject({ flagged: true, skewMs: -420_000 });
    await noteClockSkew({ db, rigId: ahead.rigId, sentAt: off(now, 20 * 60_000 + 5_000), now });

    const [b, ...more] = await events(behind.rigId);
    expect(more).toEqual([]);
    expect(b).toMatchObject({ severity: "WARNING", at: now, data: { skewMs: -420_000, refused: false } });
    expect(b!.message).toBe("the rig's clock is 7 min 0 s behind the server's: check its NTP; its samples are stored with the rig's times");
    const [a] = await events(ahead.rigId);
    expect(a).toMatchObject({ severity: "CRITICAL", data: { refused: true } });
    expect(a!.message).toMatch(/^the rig's clock is 20 min 5 s ahead of the server's: check its NTP; its telemetry is refused/);

    await noteClockSkew({ db, rigId: behind.rigId, sentAt: off(now, -7 * 60_000), now: new Date(now.getTime() + 60_000) });
    expect(await events(behind.rigId)).toHaveLength(2);
  });

  it("with a memo, writes a skewed rig's event once a minute however often it reports, and the same events", async () => {
    const rig = await seedEnrolledRig(db);
    const noted = new ClockSkewNoted();
    const now = new Date(Date.UTC(2026, 0, 5, 12, 0, 10));
    for (const t of [0, 5_000, 10_000, 60_000, 65_000]) {
      const at = new Date(now.getTime() + t);
      expect(await noteClockSkew({ db, rigId: rig.rigId, sentAt: off(at, -7 * 60_000), now: at, noted })).toEqual({ skewMs: -420_000, flagged: true });
    }
    expect((await events(rig.rigId)).map((e) => e.at)).toEqual([now, new Date(now.getTime() + 60_000)]);
    // Remembered for this minute: a repeat is not written again (deleting the event shows it).
    await db.pool.query(`DELETE FROM "AgentEvent" WHERE "rigId" = $1`, [rig.rigId]);
    await noteClockSkew({ db, rigId: rig.rigId, sentAt: off(now, -7 * 60_000), now: new Date(now.getTime() + 70_000), noted });
    expect(await events(rig.rigId)).toEqual([]);
  });
});
