/** The finance worker against real Redis and Postgres: an enqueued export becomes a file, an enqueued rebuild a ledger. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getExportJob, requestExport } from "@rigshift/db";
import { seedDecision, seedPrices, seedProfile, seedRigHour } from "@rigshift/db/finance-testing";
import { seedEnrolledRig, testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { enqueueFinanceExport, enqueueLedgerBuild } from "./finance-queue";
import { startFinanceWorker } from "./finance-worker";

const db = testDatabase(process.env.DATABASE_URL);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const FROM = new Date("2026-06-01T00:00:00Z");
const H = 3_600_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "finance-worker-"));
  await truncateAll(db);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.close();
});

async function until(check: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("timed out");
}

it("builds the ledger and writes an export from the queue", async () => {
  const prefix = `rigshift-test-fin-${process.pid}-${Date.now()}`;
  await seedProfile(db, { key: "rvn-kawpow", coin: "TST", poolFeeBps: 100, hardwareModel: "RTX 3090", hashrateHs: 1e12, powerW: 250 });
  await seedPrices(db, "hashprice:TST", [{ at: FROM, intervalSeconds: 86_400, valueMicroUsd: 50_000_000n }]);
  await seedPrices(db, "electricity:ERCOT:HB_SOUTH:rtm", [{ at: FROM, intervalSeconds: 86_400, valueMicroUsd: 40_000_000n }]);
  const { rigId } = await seedEnrolledRig(db);
  for (let h = 0; h < 3; h++) {
    await seedDecision(db, { rigId, at: new Date(FROM.getTime() + h * H), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    await seedRigHour(db, { rigId, hour: new Date(FROM.getTime() + h * H), energyWh: 700, hashrateHsAvg: 2e12 });
  }
  const user = await db.prisma.user.create({ data: { email: "fin@x.test", name: "Fin", role: "FINANCE", passwordHash: "-" } });
  const worker = await startFinanceWorker({ db, redisUrl, prefix });
  try {
    await enqueueLedgerBuild({ redisUrl, prefix, from: FROM, to: new Date(FROM.getTime() + 3 * H), requestedBy: user.email });
    await until(async () => (await db.prisma.ledgerEntry.count()) === 3);
    expect(await db.prisma.ledgerBuild.findFirst({ where: { requestedBy: user.email } })).toMatchObject({ inserted: 3, reason: "manual" });

    const job = await requestExport({
      db,
      userId: user.id,
      format: "CSV",
      params: { from: FROM, to: new Date(FROM.getTime() + 3 * H), groupBy: "farm", granularity: "hour", timeZone: "UTC" },
      exportDir: dir,
    });
    const createdAt = new Date(job.createdAt);
    await enqueueFinanceExport({ redisUrl, prefix, exportJobId: job.id, createdAt });
    await enqueueFinanceExport({ redisUrl, prefix, exportJobId: job.id, createdAt }); // the same job id: enqueued once
    await until(async () => (await getExportJob({ db, userId: user.id, id: job.id })).status === "SUCCEEDED");
    const row = await db.prisma.exportJob.findUniqueOrThrow({ where: { id: job.id } });
    const lines = (await readFile(row.filePath, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(5); // header, 3 hours, total
    expect(lines.at(-1)).toContain(",TOTAL,");
    const completed = await worker.queue.getJobs(["completed"]);
    expect(completed.filter((j) => j.name === "finance-export")).toHaveLength(1);
  } finally {
    await worker.queue.obliterate({ force: true }).catch(() => {});
    await worker.close();
  }
}, 40_000);
