/** Queue depths against real Redis: counts per state for every catalogued queue, and a fast failure when Redis is away. */
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { expect, it } from "vitest";
import { queueDepths } from "./queue-depths";
import { FINANCE_QUEUE, JOBS, QUEUES, SCHEDULER_QUEUE } from "./queues/catalog";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

it("counts each catalogued queue's jobs by state", async () => {
  const prefix = `rigshift-test-depths-${process.pid}-${Date.now()}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const finance = new Queue(FINANCE_QUEUE, { connection, prefix });
  try {
    await finance.add(JOBS.financeExport.name, { exportJobId: 1 });
    await finance.add(JOBS.financeExport.name, { exportJobId: 2 }, { delay: 60_000 });
    const depths = await queueDepths({ redisUrl, prefix });
    expect(depths.map((d) => d.queue)).toEqual([...QUEUES]);
    expect(depths.find((d) => d.queue === FINANCE_QUEUE)?.counts).toMatchObject({ waiting: 1, delayed: 1, active: 0, failed: 0 });
    expect(depths.find((d) => d.queue === SCHEDULER_QUEUE)?.counts).toMatchObject({ waiting: 0, delayed: 0 });
  } finally {
    await finance.obliterate({ force: true }).catch(() => {});
    await finance.close();
    connection.disconnect();
  }
});

it("rejects quickly when Redis does not answer", async () => {
  const started = Date.now();
  await expect(queueDepths({ redisUrl: "redis://127.0.0.1:1", prefix: "rigshift-test-nowhere", timeoutMs: 500 })).rejects.toBeTruthy();
  expect(Date.now() - started).toBeLessThan(3_000);
});
