/** The BullMQ worker against real Redis and Postgres: the repeatable schedule runs epochs. */
import { createDatabase } from "@rigshift/db";
import { testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSchedulerWorker } from "./start";

const db = testDatabase(process.env.DATABASE_URL);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
beforeAll(() => truncateAll(db));
afterAll(() => db.close());

it("runs an epoch on its schedule, and two workers decide each epoch once", async () => {
  const prefix = `rigshift-test-${process.pid}-${Date.now()}`;
  const second = createDatabase(process.env.DATABASE_URL!);
  const a = await startSchedulerWorker({ db, redisUrl, epochSeconds: 5, prefix, workerId: "a" });
  const b = await startSchedulerWorker({ db: second, redisUrl, epochSeconds: 5, prefix, workerId: "b" });
  try {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await db.prisma.schedulerRun.count({ where: { finishedAt: { not: null } } })) < 2) await new Promise((r) => setTimeout(r, 250));
    const runs = await db.prisma.schedulerRun.findMany({ orderBy: { epochStart: "asc" } });
    expect(runs.filter((r) => r.finishedAt).length).toBeGreaterThanOrEqual(2);
    const starts = runs.map((r) => r.epochStart.getTime());
    expect(new Set(starts).size).toBe(starts.length);
    expect(starts.every((t) => t % 5000 === 0)).toBe(true);
  } finally {
    await a.queue.obliterate({ force: true }).catch(() => {});
    await a.close();
    await b.close();
    await second.close();
  }
}, 30_000);
