import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { TActor } from "../audit/record-audit";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { addCapWindow } from "./add-cap-window";
import { getSite } from "./get-site";
import { listSites } from "./list-sites";
import { removeCapWindow } from "./remove-cap-window";
import { updateSitePolicy } from "./update-site-policy";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const actor: TActor = { userId: null, label: "op@example.com" };
const policy = { maxInletTempC: 32, maxGpuTempC: 80, minDwellSeconds: 600, hysteresisBps: 300, curtailStrikeUsdPerMwh: "85.5", fallbackMode: "IDLE" as const };

describe("site policy", () => {
  it("replaces the policy, stores the strike in micro-dollars exactly, and audits before/after", async () => {
    const site = await seedSite(db, { code: "S1" });
    const after = await updateSitePolicy({ db, actor, siteId: site.id, policy, now: new Date() });
    expect(after).toMatchObject({ maxGpuTempC: 80, curtailStrikeUsdPerMwh: 85.5, fallbackMode: "IDLE", updatedBy: "op@example.com" });
    const row = await db.prisma.sitePolicy.findUniqueOrThrow({ where: { siteId: site.id } });
    expect(row.curtailStrikeMicroUsdPerMwh).toBe(85_500_000n);
    const [entry] = await db.prisma.auditLog.findMany({ where: { action: "site.policy_update" } });
    expect(entry!.before).toMatchObject({ maxGpuTempC: 83, curtailStrikeUsdPerMwh: null });
    expect(entry!.after).toMatchObject({ maxGpuTempC: 80 });
    expect((await getSite({ db, siteId: site.id, now: new Date() })).policy?.minDwellSeconds).toBe(600);
  });

  it("refuses a strike that is not a dollar amount, on its field", async () => {
    const site = await seedSite(db);
    await expect(updateSitePolicy({ db, actor, siteId: site.id, policy: { ...policy, curtailStrikeUsdPerMwh: "lots" }, now: new Date() })).rejects.toMatchObject({
      code: "INVALID",
      issues: [{ path: "curtailStrikeUsdPerMwh" }],
    });
  });
});

describe("cap windows", () => {
  it("adds and removes a window; lists only those not yet ended", async () => {
    const now = new Date();
    const site = await seedSite(db, { powerCapKw: 500 });
    const w = await addCapWindow({ db, actor, siteId: site.id, window: { startsAt: now, endsAt: new Date(now.getTime() + 3600_000), capKw: 300, reason: "4CP" }, now });
    expect(w).toMatchObject({ capKw: 300, active: true });
    expect((await listSites({ db, now }))[0]!.capWindows).toHaveLength(1);
    await removeCapWindow({ db, actor, siteId: site.id, windowId: w.id, now });
    expect((await listSites({ db, now }))[0]!.capWindows).toHaveLength(0);
    expect(await db.prisma.auditLog.count({ where: { action: { startsWith: "site.cap_window" } } })).toBe(2);
  });

  it("refuses windows that raise the cap, end before they start, or have ended", async () => {
    const now = new Date();
    const site = await seedSite(db, { powerCapKw: 500 });
    const h = (x: number) => new Date(now.getTime() + x * 3600_000);
    const add = (window: { startsAt: Date; endsAt: Date; capKw: number }) => addCapWindow({ db, actor, siteId: site.id, window: { ...window, reason: "x" }, now });
    await expect(add({ startsAt: h(0), endsAt: h(1), capKw: 600 })).rejects.toMatchObject({ issues: [{ path: "capKw" }] });
    await expect(add({ startsAt: h(1), endsAt: h(0.5), capKw: 100 })).rejects.toMatchObject({ issues: [{ path: "endsAt" }] });
    await expect(add({ startsAt: h(-2), endsAt: h(-1), capKw: 100 })).rejects.toMatchObject({ issues: [{ path: "endsAt" }] });
    await expect(removeCapWindow({ db, actor, siteId: site.id, windowId: 42, now })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
