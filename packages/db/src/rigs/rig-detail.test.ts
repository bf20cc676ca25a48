import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { rollupTelemetry } from "../telemetry/rollups";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedHistory, seedRig } from "../testkit/seed-farm";
import { getRig } from "./get-rig";
import { listRigEvents } from "./list-rig-events";
import { rigSeries } from "./rig-series";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const thresholds = { staleAfterSeconds: 45, offlineAfterSeconds: 300 };

describe("rig detail", () => {
  it("shows identity, state, desired state and the workloads it offers", async () => {
    const site = await seedSite(db, { code: "S1" });
    const r = await seedRig(db, { siteId: site.id, hostname: "r1", devices: 2 });
    const rig = await getRig({ db, rigId: r.id, now: new Date(), thresholds });
    expect(rig).toMatchObject({ hostname: "r1", connectivity: "online", site: { code: "S1" }, pin: null, desired: { mode: "MINE", generation: 1, source: "DEFAULT" } });
    expect(rig.devices.map((d) => d.index)).toEqual([0, 1]);
    expect(rig.workloads.map((w) => w.key)).toEqual(["rvn-kawpow", "pytorch"]);
    await expect(getRig({ db, rigId: 999, now: new Date(), thresholds })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("buckets each device's samples server-side for the chosen range", async () => {
    const now = new Date("2026-11-20T12:00:30Z");
    const site = await seedSite(db);
    const r = await seedRig(db, { siteId: site.id, hostname: "r1", devices: 2 }, now);
    await seedHistory(db, {
      rigId: r.id,
      deviceIds: r.deviceIds,
      from: new Date("2026-11-20T11:00:00Z"),
      to: new Date("2026-11-20T12:00:00Z"),
      stepSeconds: 10,
      powerW: 600,
      tempC: 60,
    });
    const s = await rigSeries({ db, rigId: r.id, range: "1h", now });
    expect(s.bucketSeconds).toBe(30);
    // 1 hour of 10 s samples in 30 s buckets, per device, inside the window.
    const perDevice = s.points.filter((p) => p.deviceIndex === 1);
    expect(perDevice.length).toBeGreaterThan(100);
    expect(perDevice.length).toBeLessThanOrEqual(120);
    expect(perDevice[0]!.powerW).toBeCloseTo(300, -1);
    const six = await rigSeries({ db, rigId: r.id, range: "6h", now });
    expect(six.points.filter((p) => p.deviceIndex === 0)).toHaveLength(20); // 3-minute buckets over the hour of data
    await rollupTelemetry({ db, from: new Date("2026-11-20T11:00:00Z"), to: now });
    const week = await rigSeries({ db, rigId: r.id, range: "7d", now });
    expect(week.points.map((p) => p.deviceIndex)).toEqual([0, 1]); // one hour bucket from DeviceHour
    expect(week.points[0]!.powerW).toBeCloseTo(300, -1);
  });

  it("lists agent events newest first", async () => {
    const site = await seedSite(db);
    const r = await seedRig(db, { siteId: site.id, hostname: "r1" });
    for (let i = 0; i < 3; i++)
      await db.prisma.agentEvent.create({
        data: { rigId: r.id, eventId: `e${i}`, at: new Date(Date.now() - (3 - i) * 1000), type: "workload.switched", severity: "INFO", message: `m${i}` },
      });
    const { events, hasMore } = await listRigEvents({ db, rigId: r.id, limit: 2 });
    expect(events.map((e) => e.message)).toEqual(["m2", "m1"]);
    expect(hasMore).toBe(true);
  });
});
