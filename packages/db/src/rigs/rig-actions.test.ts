import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { TActor } from "../audit/record-audit";
import { AppError } from "../errors";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig } from "../testkit/seed-farm";
import { pinRigs } from "./pin-rigs";
import { releasePins } from "./release-pins";
import { restartWorkload } from "./restart-workload";
import { setMaintenance } from "./set-maintenance";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const actor: TActor = { userId: null, label: "op@example.com" };
const desired = (rigId: number) => db.prisma.desiredState.findUniqueOrThrow({ where: { rigId } });
const audit = (action: string) => db.prisma.auditLog.findMany({ where: { action }, orderBy: { id: "asc" } });

async function aiRigWithJob(preemptible: boolean) {
  const site = await seedSite(db);
  const rig = await seedRig(db, { siteId: site.id, hostname: "ai-1", mode: "AI" });
  const job = await db.prisma.aiJob.create({
    data: {
      name: "llm",
      customer: "acme",
      gpuCount: 2,
      minVramGbPerGpu: 16,
      priceMicroUsdPerGpuHour: 2_000_000n,
      durationSeconds: 3600,
      runtimeProfile: "pytorch",
      status: "RUNNING",
      preemptible,
    },
  });
  await db.prisma.placement.create({ data: { jobId: job.id, rigId: rig.id, gpuIndices: [0, 1], activeJobId: job.id } });
  await db.prisma.desiredState.update({ where: { rigId: rig.id }, data: { mode: "AI", workload: "pytorch", jobs: [{ jobId: job.id, gpuIndices: [0, 1] }] } });
  return { rig, job };
}

describe("pinRigs", () => {
  it("pins rigs, tells them now (OPERATOR, next generation) and audits each", async () => {
    const site = await seedSite(db);
    const r1 = await seedRig(db, { siteId: site.id, hostname: "r1" });
    const r2 = await seedRig(db, { siteId: site.id, hostname: "r2" });
    const result = await pinRigs({ db, actor, rigIds: [r1.id, r2.id], mode: "AI", now: new Date() });
    expect(result.rigs.map((r) => r.generation)).toEqual([2, 2]);
    expect(await desired(r1.id)).toMatchObject({ mode: "AI", workload: "pytorch", source: "OPERATOR", generation: 2 });
    expect(await db.prisma.rig.findUniqueOrThrow({ where: { id: r2.id } })).toMatchObject({ pinnedMode: "AI", pinnedWorkload: null });
    const entries = await audit("rig.pin");
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actorLabel: "op@example.com", targetType: "rig", targetId: String(r1.id) });
    expect(entries[0]!.before).toMatchObject({ desired: { mode: "MINE", source: "DEFAULT" } });
  });

  it("refuses a workload the rig does not offer, changing nothing", async () => {
    const site = await seedSite(db);
    const r1 = await seedRig(db, { siteId: site.id, hostname: "r1" });
    const error = await pinRigs({ db, actor, rigIds: [r1.id], mode: "MINE", workload: "btc-sha256", now: new Date() }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.issues[0]).toMatchObject({ path: "workload" });
    expect(await desired(r1.id)).toMatchObject({ generation: 1, source: "DEFAULT" });
  });

  it("preempts a preemptible job when pinned out of AI: placement ended, job queued again", async () => {
    const { rig, job } = await aiRigWithJob(true);
    await pinRigs({ db, actor, rigIds: [rig.id], mode: "MINE", now: new Date() });
    const placement = await db.prisma.placement.findFirstOrThrow({ where: { jobId: job.id } });
    expect(placement.endedAt).not.toBeNull();
    expect(placement.activeJobId).toBeNull();
    expect((await db.prisma.aiJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("QUEUED");
    expect(await desired(rig.id)).toMatchObject({ mode: "MINE", jobs: [] });
  });

  it("refuses to pin a rig out of a non-preemptible job", async () => {
    const { rig } = await aiRigWithJob(false);
    await expect(pinRigs({ db, actor, rigIds: [rig.id], mode: "IDLE", now: new Date() })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await desired(rig.id)).toMatchObject({ mode: "AI", generation: 1 });
  });

  it("answers not found for an unknown rig", async () => {
    await expect(pinRigs({ db, actor, rigIds: [999], mode: "IDLE", now: new Date() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("releasePins / setMaintenance / restartWorkload", () => {
  it("releases a pin and hands the desired state back to the scheduler", async () => {
    const site = await seedSite(db);
    const r = await seedRig(db, { siteId: site.id, hostname: "r1" });
    await pinRigs({ db, actor, rigIds: [r.id], mode: "IDLE", now: new Date() });
    await releasePins({ db, actor, rigIds: [r.id], now: new Date() });
    expect(await db.prisma.rig.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ pinnedMode: null });
    expect(await desired(r.id)).toMatchObject({ mode: "IDLE", source: "DEFAULT", generation: 2 });
    expect(await audit("rig.release_pin")).toHaveLength(1);
  });

  it("idles a rig in maintenance and brings it back to its pin afterwards", async () => {
    const site = await seedSite(db);
    const r = await seedRig(db, { siteId: site.id, hostname: "r1" });
    await pinRigs({ db, actor, rigIds: [r.id], mode: "AI", now: new Date() });
    await setMaintenance({ db, actor, rigIds: [r.id], on: true, now: new Date() });
    expect(await desired(r.id)).toMatchObject({ mode: "IDLE", workload: null, source: "OPERATOR", generation: 3 });
    expect((await db.prisma.rig.findUniqueOrThrow({ where: { id: r.id } })).lifecycle).toBe("MAINTENANCE");
    await setMaintenance({ db, actor, rigIds: [r.id], on: false, now: new Date() });
    expect(await desired(r.id)).toMatchObject({ mode: "AI", workload: "pytorch", source: "OPERATOR", generation: 4 });
    expect((await audit("rig.maintenance_off"))[0]!.after).toMatchObject({ lifecycle: "ACTIVE" });
  });

  it("drains a rig running a non-preemptible job instead of killing it", async () => {
    const { rig } = await aiRigWithJob(false);
    const result = await setMaintenance({ db, actor, rigIds: [rig.id], on: true, now: new Date() });
    expect(result.rigs[0]).toMatchObject({ draining: true });
    expect(await desired(rig.id)).toMatchObject({ mode: "AI", generation: 1 });
  });

  it("restarts a workload: same mode and workload, next generation", async () => {
    const site = await seedSite(db);
    const r = await seedRig(db, { siteId: site.id, hostname: "r1" });
    const result = await restartWorkload({ db, actor, rigId: r.id, now: new Date() });
    expect(result.generation).toBe(2);
    expect(await desired(r.id)).toMatchObject({ mode: "MINE", workload: "rvn-kawpow", source: "DEFAULT", generation: 2 });
    expect(await audit("rig.restart_workload")).toHaveLength(1);
  });
});
