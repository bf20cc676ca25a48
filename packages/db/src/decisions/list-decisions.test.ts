import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig, seedRun } from "../testkit/seed-farm";
import { listDecisions } from "./list-decisions";
import type { TDecisionQuery } from "./types";

const db = testDatabase(process.env.DATABASE_URL);
const t0 = new Date("2026-11-20T12:00:00Z");
const list = (q: Partial<TDecisionQuery>) => listDecisions({ db, query: { limit: 50, ...q } });

beforeAll(async () => {
  await truncateAll(db);
  const site = await seedSite(db, { code: "S1" });
  const a = await seedRig(db, { siteId: site.id, hostname: "gpu-a" });
  const b = await seedRig(db, { siteId: site.id, hostname: "asic-b", kind: "ASIC" });
  for (let i = 0; i < 3; i++) {
    await seedRun(db, {
      epochStart: new Date(t0.getTime() + i * 60_000),
      decisions: [
        {
          rigId: a.id,
          mode: i === 2 ? "AI" : "MINE",
          profit: 1_000_000n,
          reason: i === 2 ? "AI job pays more than mining" : "mining is best",
          changed: i === 2,
          alternatives: [{ mode: "IDLE", microUsdPerHour: 0, rejected: "earns nothing" }],
        },
        { rigId: b.id, mode: "MINE", profit: 2_000_000n, reason: "hashprice above energy cost" },
      ],
    });
  }
});
afterAll(() => db.close());

describe("listDecisions", () => {
  it("pages newest first by keyset", async () => {
    const p1 = await list({ limit: 4 });
    expect(p1.rows).toHaveLength(4);
    expect(p1.next).not.toBeNull();
    const p2 = await list({ limit: 4, before: BigInt(p1.next!) });
    expect(p2.rows).toHaveLength(2);
    expect(p2.next).toBeNull();
    expect(new Set([...p1.rows, ...p2.rows].map((d) => d.id)).size).toBe(6);
  });

  it("searches by hostname, mode, reason text and time range", async () => {
    expect((await list({ hostname: "GPU" })).rows.every((d) => d.hostname === "gpu-a")).toBe(true);
    expect((await list({ mode: "AI" })).rows.map((d) => d.hostname)).toEqual(["gpu-a"]);
    expect((await list({ reason: "hashprice" })).rows).toHaveLength(3);
    expect((await list({ from: new Date(t0.getTime() + 60_000), to: new Date(t0.getTime() + 120_000) })).rows).toHaveLength(2);
    expect((await list({ changedOnly: true })).rows).toHaveLength(1);
  });

  it("explains: reason, money in dollars, alternatives read from the scheduler's JSON", async () => {
    const [d] = (await list({ mode: "AI" })).rows;
    expect(d).toMatchObject({ reason: "AI job pays more than mining", profitUsdPerHour: 1, siteCode: "S1" });
    expect(d!.alternatives).toEqual([{ mode: "IDLE", workload: null, usdPerHour: 0, rejected: "earns nothing" }]);
  });
});
