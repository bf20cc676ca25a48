import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig } from "../testkit/seed-farm";
import { listRigs } from "./list-rigs";
import type { TRigQuery } from "./types";

const db = testDatabase(process.env.DATABASE_URL);
const now = new Date();
const thresholds = { staleAfterSeconds: 45, offlineAfterSeconds: 300 };
const base: TRigQuery = { sort: "hostname", dir: "asc", page: 1, pageSize: 50 };
const list = (q: Partial<TRigQuery>) => listRigs({ db, query: { ...base, ...q }, now, thresholds });
const hosts = async (q: Partial<TRigQuery>) => (await list(q)).rows.map((r) => r.hostname);
let siteB = 0;

beforeAll(async () => {
  await truncateAll(db);
  const a = await seedSite(db, { code: "A" });
  const b = await seedSite(db, { code: "B" });
  siteB = b.id;
  await seedRig(db, { siteId: a.id, hostname: "gpu-01", mode: "MINE", powerW: 2000, maxTempC: 70, tags: ["row-1"] }, now);
  await seedRig(db, { siteId: a.id, hostname: "gpu-02", mode: "AI", powerW: 3000, maxTempC: 80, tags: ["row-1", "hot-aisle"] }, now);
  await seedRig(db, { siteId: a.id, hostname: "gpu-03", mode: "IDLE", powerW: 300, lastSeenAgoSeconds: 100, healthy: false }, now);
  await seedRig(db, { siteId: b.id, hostname: "asic-01", kind: "ASIC", mode: "MINE", powerW: 3500, maxTempC: 60 }, now);
  await seedRig(db, { siteId: b.id, hostname: "asic-02", kind: "ASIC", mode: "MINE", lastSeenAgoSeconds: 1000 }, now);
  await seedRig(db, { siteId: b.id, hostname: "asic-03", kind: "ASIC", mode: "MINE", lifecycle: "MAINTENANCE" }, now);
});
afterAll(() => db.close());

describe("listRigs", () => {
  it("pages with a total, sorted by hostname", async () => {
    const p1 = await list({ pageSize: 4 });
    expect(p1.total).toBe(6);
    expect(p1.rows.map((r) => r.hostname)).toEqual(["asic-01", "asic-02", "asic-03", "gpu-01"]);
    const p2 = await list({ pageSize: 4, page: 2 });
    expect(p2.rows.map((r) => r.hostname)).toEqual(["gpu-02", "gpu-03"]);
    expect(p2.total).toBe(6);
  });

  it("filters by site, mode, model, status, tag, health and hostname", async () => {
    expect(await hosts({ siteId: siteB })).toEqual(["asic-01", "asic-02", "asic-03"]);
    expect(await hosts({ mode: "mining" })).toEqual(["asic-01", "gpu-01"]);
    expect(await hosts({ mode: "offline" })).toEqual(["asic-02"]);
    expect(await hosts({ mode: "maintenance" })).toEqual(["asic-03"]);
    expect(await hosts({ model: "S21 Pro" })).toEqual(["asic-01", "asic-02", "asic-03"]);
    expect(await hosts({ status: "stale" })).toEqual(["gpu-03"]);
    expect(await hosts({ status: "offline" })).toEqual(["asic-02"]);
    expect(await hosts({ status: "online", siteId: siteB })).toEqual(["asic-01", "asic-03"]);
    expect(await hosts({ tag: "hot-aisle" })).toEqual(["gpu-02"]);
    expect(await hosts({ health: "unhealthy" })).toEqual(["gpu-03"]);
    expect(await hosts({ q: "GPU-0" })).toEqual(["gpu-01", "gpu-02", "gpu-03"]);
    expect(await hosts({ q: "%" })).toEqual([]);
    const filtered = await list({ mode: "mining", siteId: siteB });
    expect(filtered.total).toBe(1);
  });

  it("sorts by power and temperature, unknown values last when descending", async () => {
    expect(await hosts({ sort: "power", dir: "desc" })).toEqual(["asic-01", "gpu-02", "asic-02", "asic-03", "gpu-01", "gpu-03"]);
    expect((await hosts({ sort: "temp", dir: "desc" })).slice(0, 2)).toEqual(["gpu-02", "gpu-01"]);
  });

  it("returns each row's class, status and desired state", async () => {
    const [row] = (await list({ q: "gpu-03" })).rows;
    expect(row).toMatchObject({ hostname: "gpu-03", class: "idle", status: "stale", mode: "IDLE", desiredMode: "IDLE", desiredSource: "DEFAULT", healthy: false, siteCode: "A" });
  });
});
