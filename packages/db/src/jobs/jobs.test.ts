import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { TActor } from "../audit/record-audit";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig } from "../testkit/seed-farm";
import { cancelJob } from "./cancel-job";
import { getJob } from "./get-job";
import { listJobs } from "./list-jobs";
import { submitJob } from "./submit-job";
import type { TJobInput } from "./types";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const actor: TActor = { userId: null, label: "op@example.com" };
const input: TJobInput = {
  name: "llama fine-tune",
  customer: "acme",
  gpuCount: 4,
  minVramGbPerGpu: 20,
  gpuModels: ["rtx 3090"],
  priceUsdPerGpuHour: "2.35",
  durationSeconds: 7200,
  priority: 5,
  deadline: null,
  preemptible: true,
  runtimeProfile: "pytorch",
};

async function fleet() {
  const site = await seedSite(db);
  return seedRig(db, { siteId: site.id, hostname: "r1", mode: "AI" });
}

describe("submitJob", () => {
  it("queues a job with its price exact in micro-dollars and GPU models spelled as devices report them", async () => {
    await fleet();
    const job = await submitJob({ db, actor, input, now: new Date() });
    expect(job).toMatchObject({ status: "QUEUED", priceUsdPerGpuHour: 2.35, gpuModels: ["RTX 3090"], progressPct: 0 });
    expect((await db.prisma.aiJob.findUniqueOrThrow({ where: { id: job.id } })).priceMicroUsdPerGpuHour).toBe(2_350_000n);
    expect(await db.prisma.auditLog.count({ where: { action: "job.submit" } })).toBe(1);
  });

  it("reports each bad field: price, deadline, unknown GPU model", async () => {
    const error = await submitJob({
      db,
      actor,
      input: { ...input, priceUsdPerGpuHour: "1.2345678", deadline: new Date(Date.now() - 1000), gpuModels: ["Voodoo 2"] },
      now: new Date(),
    }).catch((e) => e);
    expect(error.code).toBe("INVALID");
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(["priceUsdPerGpuHour", "deadline", "gpuModels"]);
    expect(await db.prisma.aiJob.count()).toBe(0);
  });
});

describe("cancelJob", () => {
  it("cancels a running job: placement ended, activeJobId cleared, the rig told to stop it", async () => {
    const rig = await fleet();
    const job = await submitJob({ db, actor, input, now: new Date() });
    await db.prisma.aiJob.update({ where: { id: job.id }, data: { status: "RUNNING" } });
    await db.prisma.placement.create({ data: { jobId: job.id, rigId: rig.id, gpuIndices: [0, 1, 2, 3], activeJobId: job.id } });
    await db.prisma.desiredState.update({ where: { rigId: rig.id }, data: { mode: "AI", jobs: [{ jobId: job.id, gpuIndices: [0, 1, 2, 3] }] } });

    const cancelled = await cancelJob({ db, actor, jobId: job.id, now: new Date() });
    expect(cancelled.status).toBe("CANCELLED");
    const p = await db.prisma.placement.findFirstOrThrow({ where: { jobId: job.id } });
    expect(p).toMatchObject({ activeJobId: null, endReason: "cancelled" });
    expect(p.endedAt).not.toBeNull();
    expect(await db.prisma.desiredState.findUniqueOrThrow({ where: { rigId: rig.id } })).toMatchObject({ jobs: [], generation: 2 });
    await expect(cancelJob({ db, actor, jobId: job.id, now: new Date() })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("lets an API customer see and cancel only its own jobs", async () => {
    await fleet();
    const key = await db.prisma.apiKey.create({ data: { customer: "acme", prefix: "rsk_abc", keyHash: "h1" } });
    const own = await submitJob({ db, actor, input, apiKeyId: key.id, now: new Date() });
    const other = await submitJob({ db, actor, input: { ...input, customer: "globex" }, now: new Date() });
    expect((await getJob({ db, jobId: own.id, customer: "acme" })).apiKeyPrefix).toBe("rsk_abc");
    await expect(getJob({ db, jobId: other.id, customer: "acme" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(cancelJob({ db, actor, jobId: other.id, customer: "acme", now: new Date() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await cancelJob({ db, actor, jobId: own.id, customer: "acme", now: new Date() })).status).toBe("CANCELLED");
  });
});

describe("listJobs", () => {
  it("splits the queue from the history", async () => {
    await fleet();
    const a = await submitJob({ db, actor, input, now: new Date() });
    await submitJob({ db, actor, input: { ...input, name: "b", priority: 9 }, now: new Date() });
    await cancelJob({ db, actor, jobId: a.id, now: new Date() });
    expect((await listJobs({ db, view: "active", page: 1, pageSize: 20 })).rows.map((j) => j.name)).toEqual(["b"]);
    const history = await listJobs({ db, view: "history", page: 1, pageSize: 20 });
    expect(history.rows.map((j) => [j.name, j.status])).toEqual([["llama fine-tune", "CANCELLED"]]);
    expect((await listJobs({ db, view: "active", q: "zzz", page: 1, pageSize: 20 })).total).toBe(0);
  });
});
