import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { TActor } from "../audit/record-audit";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig } from "../testkit/seed-farm";
import { acknowledgeAlert } from "./acknowledge-alert";
import { listAlerts } from "./list-alerts";
import { refreshAlerts } from "./refresh-alerts";
import { resolveAlert } from "./resolve-alert";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const thresholds = { offlineAfterSeconds: 300, eventWindowSeconds: 900 };
const actor: TActor = { userId: null, label: "op@example.com" };
const open = () => db.prisma.alert.findMany({ where: { resolvedAt: null }, orderBy: { kind: "asc" } });

async function farm(now: Date) {
  const site = await seedSite(db, { code: "S1" });
  await db.prisma.sitePolicy.update({ where: { siteId: site.id }, data: { maxGpuTempC: 80 } });
  const offline = await seedRig(db, { siteId: site.id, hostname: "gone", lastSeenAgoSeconds: 600 }, now);
  const hot = await seedRig(db, { siteId: site.id, hostname: "hot", maxTempC: 88 }, now);
  const flaky = await seedRig(db, { siteId: site.id, hostname: "flaky" }, now);
  await seedRig(db, { siteId: site.id, hostname: "resting", lastSeenAgoSeconds: 6000, lifecycle: "MAINTENANCE" }, now);
  await seedRig(db, { siteId: site.id, hostname: "hot-asic", kind: "ASIC", maxTempC: 95 }, now);
  const event = (type: string, id: string, agoS: number) =>
    db.prisma.agentEvent.create({ data: { rigId: flaky.id, eventId: id, at: new Date(now.getTime() - agoS * 1000), type, severity: "WARNING", message: `${type} ${id}` } });
  await event("workload.start_failed", "e1", 60);
  await event("workload.start_failed", "e2", 30);
  await event("probe.timeout", "e3", 10);
  await event("probe.timeout", "old", 5000);
  return { offline, hot, flaky };
}

describe("refreshAlerts", () => {
  it("opens one alert per condition, and running again opens nothing more", async () => {
    const now = new Date();
    const { offline, hot, flaky } = await farm(now);
    expect(await refreshAlerts({ db, now, thresholds })).toEqual({ opened: 4, resolved: 0, notifications: 0 });
    const alerts = await open();
    expect(alerts.map((a) => [a.kind, a.rigId])).toEqual([
      ["gpu.overtemp", hot.id],
      ["probe.timeout", flaky.id],
      ["rig.offline", offline.id],
      ["workload.start_failed", flaky.id],
    ]);
    expect(alerts[0]!.message).toBe("hottest GPU at 88 °C, above the site limit of 80 °C");
    expect(alerts[3]!.message).toBe("workload failed to start (2x recently); latest: workload.start_failed e2");
    expect(await refreshAlerts({ db, now: new Date(now.getTime() + 1000), thresholds })).toEqual({ opened: 0, resolved: 0, notifications: 0 });
    expect(await open()).toHaveLength(4);
  });

  it("resolves alerts whose condition cleared, and reopens a hand-resolved one that still holds", async () => {
    const now = new Date();
    const { offline, hot } = await farm(now);
    await refreshAlerts({ db, now, thresholds });
    await db.prisma.rig.update({ where: { id: offline.id }, data: { lastSeenAt: now } });
    await db.prisma.rigState.update({ where: { rigId: hot.id }, data: { maxTempC: 70 } });
    const later = new Date(now.getTime() + 20 * 60_000); // events have aged out too
    await db.prisma.rig.updateMany({ data: { lastSeenAt: later }, where: { lifecycle: "ACTIVE" } });
    expect(await refreshAlerts({ db, now: later, thresholds })).toEqual({ opened: 0, resolved: 4, notifications: 0 });
    expect(await open()).toHaveLength(0);

    await db.prisma.rigState.update({ where: { rigId: hot.id }, data: { maxTempC: 90 } });
    await refreshAlerts({ db, now: later, thresholds });
    const [again] = await open();
    await resolveAlert({ db, actor, alertId: again!.id, now: later });
    await refreshAlerts({ db, now: later, thresholds });
    expect((await open()).map((a) => a.kind)).toEqual(["gpu.overtemp"]);
    expect(await db.prisma.alert.count({ where: { kind: "gpu.overtemp" } })).toBe(3);
  });

  it("keeps one open alert per (rig, kind) when two refreshes race", async () => {
    const now = new Date();
    await farm(now);
    await Promise.all([refreshAlerts({ db, now, thresholds }), refreshAlerts({ db, now, thresholds }), refreshAlerts({ db, now, thresholds })]);
    expect(await open()).toHaveLength(4);
  });
});

describe("acknowledge and resolve", () => {
  it("moves an alert open -> acknowledged -> resolved, audited, with counts per state", async () => {
    const now = new Date();
    await farm(now);
    await refreshAlerts({ db, now, thresholds });
    const [first] = (await listAlerts({ db, state: "open", page: 1, pageSize: 10 })).rows;
    expect(first).toMatchObject({ kind: "gpu.overtemp", severity: "CRITICAL", siteCode: "S1", rig: { hostname: "hot" } });
    await acknowledgeAlert({ db, actor, alertId: first!.id, now });
    const acked = await listAlerts({ db, state: "acknowledged", page: 1, pageSize: 10 });
    expect(acked.rows[0]).toMatchObject({ id: first!.id, acknowledgedBy: "op@example.com" });
    await resolveAlert({ db, actor, alertId: first!.id, now });
    await expect(resolveAlert({ db, actor, alertId: first!.id, now })).rejects.toMatchObject({ code: "CONFLICT" });
    const resolved = await listAlerts({ db, state: "resolved", page: 1, pageSize: 10 });
    expect(resolved.counts).toEqual({ open: 3, acknowledged: 0, resolved: 1 });
    expect(await db.prisma.auditLog.count({ where: { action: { startsWith: "alert." } } })).toBe(2);
  });
});
