/** Background exports against a real Postgres: request, run, progress, and a download only its owner gets. */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedEnrolledRig, seedSite, testDatabase, truncateAll } from "../testing";
import { buildLedger } from "./build-ledger";
import { getExportJob, listExportJobs } from "./export-jobs";
import { seedDecision, seedPrices, seedProfile, seedRigHour } from "./fixtures";
import { openExportFile } from "./open-export-file";
import { purgeExports } from "./purge-exports";
import { MAX_PENDING_EXPORTS, requestExport } from "./request-export";
import { runExportJob } from "./run-export-job";
import type { TReportParams } from "./types";

const db = testDatabase(process.env.DATABASE_URL);
const FROM = new Date("2026-05-01T00:00:00Z");
const TO = new Date("2026-05-02T00:00:00Z");
const params: TReportParams = { from: FROM, to: TO, groupBy: "rig", granularity: "hour", timeZone: "Europe/Berlin" };
let dir: string;
let alice: number;
let bob: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "finance-exports-"));
  await truncateAll(db);
  alice = (await db.prisma.user.create({ data: { email: "alice@x.test", name: "Alice", role: "FINANCE", passwordHash: "-" } })).id;
  bob = (await db.prisma.user.create({ data: { email: "bob@x.test", name: "Bob", role: "ADMIN", passwordHash: "-" } })).id;
  await seedProfile(db, { key: "rvn-kawpow", coin: "TST", poolFeeBps: 100, hardwareModel: "RTX 3090", hashrateHs: 1e12, powerW: 250 });
  await seedPrices(db, "hashprice:TST", [{ at: FROM, intervalSeconds: 86_400, valueMicroUsd: 50_000_000n }]);
  await seedPrices(db, "electricity:ERCOT:HB_SOUTH:dam", [{ at: FROM, intervalSeconds: 86_400, valueMicroUsd: 31_000_000n }]);
  const site = await seedSite(db);
  const { rigId } = await seedEnrolledRig(db, { siteId: site.id });
  for (let h = 0; h < 24; h++) {
    await seedDecision(db, { rigId, at: new Date(FROM.getTime() + h * 3_600_000), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    await seedRigHour(db, { rigId, hour: new Date(FROM.getTime() + h * 3_600_000), energyWh: 690 + h, hashrateHsAvg: 2e12 });
  }
  await buildLedger({ db, from: FROM, to: TO, now: new Date(TO.getTime() + 3_600_000) });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.close();
});

describe("background exports", () => {
  it("runs a requested export to a file its owner can download, with progress at 100", async () => {
    const job = await requestExport({ db, userId: alice, format: "CSV", params, exportDir: dir });
    expect(job).toMatchObject({ status: "QUEUED", progressPct: 0, downloadUrl: null, fileName: "rigshift-finance_rig-by-hour_2026-05-01_2026-05-02.csv" });

    await runExportJob({ db, exportJobId: job.id });
    const done = await getExportJob({ db, userId: alice, id: job.id });
    expect(done).toMatchObject({ status: "SUCCEEDED", progressPct: 100, rowsWritten: 24, downloadUrl: `/api/v1/finance/exports/${job.id}/download` });
    const file = await openExportFile({ db, userId: alice, id: job.id, exportDir: dir });
    expect(file.bytes).toBe(done.bytes);
    expect(file.contentType).toMatch(/^text\/csv/);
    const text = await readFile(file.path, "utf8");
    expect(text.split("\n")[1]).toContain("2026-05-01T02:00:00+02:00,2026-05-01T03:00:00+02:00,Europe/Berlin,rig,");
    // Idempotent: a redelivered job leaves the finished file alone.
    await runExportJob({ db, exportJobId: job.id });
    expect((await listExportJobs({ db, userId: alice })).map((j) => j.id)).toEqual([job.id]);
  });

  it("is not found for anyone but its owner, and never serves a path outside the export directory", async () => {
    const job = await requestExport({ db, userId: alice, format: "XLSX", params, exportDir: dir });
    await runExportJob({ db, exportJobId: job.id });
    await expect(getExportJob({ db, userId: bob, id: job.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(openExportFile({ db, userId: bob, id: job.id, exportDir: dir })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const outside = path.join(tmpdir(), `outside-${Date.now()}.csv`);
    await writeFile(outside, "secret");
    await db.prisma.exportJob.update({ where: { id: job.id }, data: { filePath: outside } });
    await expect(openExportFile({ db, userId: alice, id: job.id, exportDir: dir })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await rm(outside);
  });

  it("a job that fails says why; a queued one is not downloadable; too many pending is a conflict", async () => {
    const job = await requestExport({ db, userId: bob, format: "PDF", params, exportDir: dir });
    await expect(openExportFile({ db, userId: bob, id: job.id, exportDir: dir })).rejects.toMatchObject({ code: "CONFLICT" });
    await db.prisma.exportJob.update({ where: { id: job.id }, data: { params: { ...(job.params as object), timeZone: "Nowhere/Else" } } });
    await expect(runExportJob({ db, exportJobId: job.id })).rejects.toThrow();
    expect(await getExportJob({ db, userId: bob, id: job.id })).toMatchObject({ status: "FAILED", error: expect.stringContaining("time zone") });

    for (let i = 0; i < MAX_PENDING_EXPORTS; i++) await requestExport({ db, userId: bob, format: "CSV", params, exportDir: dir });
    await expect(requestExport({ db, userId: bob, format: "CSV", params, exportDir: dir })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(requestExport({ db, userId: alice, format: "CSV", params: { ...params, to: new Date(FROM.getTime() + 500 * 86_400_000) }, exportDir: dir })).rejects.toMatchObject(
      {
        code: "INVALID",
      },
    );
  });

  it("removes finished exports and their files after a week", async () => {
    const job = await requestExport({ db, userId: alice, format: "CSV", params, exportDir: dir });
    await runExportJob({ db, exportJobId: job.id });
    const { filePath } = await db.prisma.exportJob.findUniqueOrThrow({ where: { id: job.id } });
    await db.prisma.exportJob.update({ where: { id: job.id }, data: { createdAt: new Date(Date.now() - 8 * 86_400_000) } });
    const { removed } = await purgeExports({ db, now: new Date() });
    expect(removed).toBe(1);
    await expect(readFile(filePath)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await db.prisma.exportJob.findUnique({ where: { id: job.id } })).toBeNull();
  });
});
