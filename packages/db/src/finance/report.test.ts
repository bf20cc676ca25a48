/**
 * Reports and exports against a real Postgres: rows sum to the totals exactly, buckets follow the
 * report's time zone, and the CSV, XLSX and PDF files read back with the same figures.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedEnrolledRig, seedSite, testDatabase, truncateAll } from "../testing";
import { buildLedger } from "./build-ledger";
import { exportLedgerFile } from "./export-ledger";
import { writeXlsx } from "./export-xlsx";
import { seedDecision, seedPlacedJob, seedPrices, seedProfile, seedRigHour } from "./fixtures";
import { ledgerReport } from "./ledger-report";
import { reportJson } from "./report-json";
import { localDateToInstant } from "./time";
import { emptyFigures, type TReportParams, type TReportRow } from "./types";

const db = testDatabase(process.env.DATABASE_URL);
const H = 3_600_000;
const FROM = new Date("2026-04-01T00:00:00Z");
const TO = new Date("2026-04-03T00:00:00Z");
const usd = (n: number) => BigInt(Math.round(n * 1e6));
let dir: string;

/** Exact sums straight from the ledger, for comparison. */
async function ledgerSums(from: Date, to: Date) {
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n, sum("miningRevenueMicroUsd")::text AS mining, sum("aiRevenueMicroUsd")::text AS ai, sum("energyCostMicroUsd")::text AS cost,
            sum("cfMiningRevenueMicroUsd")::text AS cf, sum("cfEnergyCostMicroUsd")::text AS cf_cost
     FROM "LedgerEntry" WHERE hour >= $1 AND hour < $2`,
    [from, to],
  );
  const r = rows[0];
  return { n: r.n as number, mining: BigInt(r.mining), ai: BigInt(r.ai), cost: BigInt(r.cost), cf: BigInt(r.cf), cfCost: BigInt(r.cf_cost) };
}

/** Decimal text "-12.345678" -> micro-USD, exactly. */
const micro = (text: string) => {
  const [whole, frac = ""] = text.replace("-", "").split(".");
  const v = BigInt(whole!) * 1_000_000n + BigInt(frac.padEnd(6, "0"));
  return text.startsWith("-") ? -v : v;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "finance-report-"));
  await truncateAll(db);
  await seedProfile(db, { key: "rvn-kawpow", coin: "TST", poolFeeBps: 200, hardwareModel: "RTX 3090", hashrateHs: 1e12, powerW: 250 });
  await seedPrices(
    db,
    "hashprice:TST",
    [0, 1, 2].map((d) => ({ at: new Date(FROM.getTime() + d * 24 * H), intervalSeconds: 86_400, valueMicroUsd: usd(48 + d) })),
  );
  // An hourly real-time price with a few negative hours.
  await seedPrices(
    db,
    "electricity:ERCOT:HB_SOUTH:rtm",
    Array.from({ length: 48 }, (_, i) => ({ at: new Date(FROM.getTime() + i * H), intervalSeconds: 3600, valueMicroUsd: usd(i % 11 === 5 ? -7.5 : 20 + (i % 24) * 1.37) })),
  );
  const s1 = (await seedSite(db, { code: "S1", pue: 1.1 })).id;
  const s2 = (await seedSite(db, { code: "S2", pue: 1.3 })).id;
  const rigs = [
    await seedEnrolledRig(db, { siteId: s1, hostname: "gpu-a" }),
    await seedEnrolledRig(db, { siteId: s1, hostname: "gpu-b" }),
    await seedEnrolledRig(db, { siteId: s2, hostname: "gpu-c" }),
  ];
  for (const [i, { rigId }] of rigs.entries()) {
    // Mine, switch to AI at 07:20 on day one, back to mining at 19:40.
    await seedDecision(db, { rigId, at: new Date(FROM.getTime() - 10 * 60_000), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    if (i === 0) {
      await seedDecision(db, { rigId, at: new Date(FROM.getTime() + 7 * H + 20 * 60_000), mode: "AI", workload: "pytorch", powerW: 900 });
      await seedPlacedJob(db, {
        rigId,
        gpuIndices: [0, 1],
        priceMicroUsdPerGpuHour: usd(2.35),
        startedAt: new Date(FROM.getTime() + 7 * H + 20 * 60_000),
        endedAt: new Date(FROM.getTime() + 19 * H + 40 * 60_000),
      });
      await seedDecision(db, { rigId, at: new Date(FROM.getTime() + 19 * H + 40 * 60_000), mode: "MINE", workload: "rvn-kawpow", powerW: 680 });
    }
    // The scheduler decides every epoch: one decision an hour keeps the decisions in effect.
    for (let h = 1; h < 48; h++) {
      const ai = i === 0 && h >= 8 && h <= 19;
      if (i === 0 && (h === 7 || h === 20)) continue;
      await seedDecision(db, {
        rigId,
        at: new Date(FROM.getTime() + h * H - 10 * 60_000),
        mode: ai ? "AI" : "MINE",
        workload: ai ? "pytorch" : "rvn-kawpow",
        powerW: ai ? 900 : 680,
      });
    }
    for (let h = 0; h < 48; h++)
      if (i !== 2 || h % 5 !== 0) await seedRigHour(db, { rigId, hour: new Date(FROM.getTime() + h * H), energyWh: 700 + 13 * h + i, hashrateHsAvg: 1.9e12 + i * 1e10 });
  }
  await buildLedger({ db, from: FROM, to: TO, now: new Date(TO.getTime() + H) });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.close();
});

describe("ledgerReport", () => {
  it("rows add up to the totals, and the totals to the ledger, to the micro-dollar", async () => {
    const sums = await ledgerSums(FROM, TO);
    expect(sums.n).toBe(144);
    for (const [groupBy, granularity, expectedRows] of [
      ["farm", "day", 2],
      ["site", "day", 4],
      ["rig", "hour", 144],
      ["model", "month", 1],
    ] as const) {
      const r = await ledgerReport({ db, from: FROM, to: TO, groupBy, granularity, timeZone: "UTC" });
      expect(r.rows).toHaveLength(expectedRows);
      const sum = r.rows.reduce((a, x) => a + x.miningRevenueMicroUsd + x.aiRevenueMicroUsd - x.energyCostMicroUsd, 0n);
      expect(sum).toBe(r.totals.miningRevenueMicroUsd + r.totals.aiRevenueMicroUsd - r.totals.energyCostMicroUsd);
      expect(r.totals).toMatchObject({
        rigHours: 144,
        miningRevenueMicroUsd: sums.mining,
        aiRevenueMicroUsd: sums.ai,
        energyCostMicroUsd: sums.cost,
        cfMiningRevenueMicroUsd: sums.cf,
      });
    }
  });

  it("cuts days in the report's time zone (Chicago days start at 05:00 UTC in April)", async () => {
    const tz = "America/Chicago";
    const from = localDateToInstant("2026-04-01", tz);
    const to = localDateToInstant("2026-04-02", tz);
    const r = await ledgerReport({ db, from, to, groupBy: "farm", granularity: "day", timeZone: tz });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.periodStart.toISOString()).toBe("2026-04-01T05:00:00.000Z");
    const sums = await ledgerSums(from, to);
    expect(r.rows[0]!.rigHours).toBe(sums.n);
    expect(r.rows[0]!.energyCostMicroUsd).toBe(sums.cost);
    const json = reportJson(r);
    expect(json).toMatchObject({ currency: "USD", timeZone: tz, from: "2026-04-01T00:00:00-05:00", to: "2026-04-02T00:00:00-05:00" });
    expect(json.rows[0]!.energyCostUsd).toMatch(/^-?\d+\.\d{6}$/);
  });

  it("shows the switch to AI: AI revenue, AI share of hours and the uplift against always mining", async () => {
    const r = await ledgerReport({ db, from: FROM, to: new Date(FROM.getTime() + 24 * H), groupBy: "rig", granularity: "day", timeZone: "UTC" });
    const a = r.rows.find((x) => x.groupLabel === "S1/gpu-a")!;
    // 2 GPUs x 2.35 USD per GPU-hour: 07:20-08:00 and 19:00-19:40 are 3.1333333 each (rounded to
    // the micro-dollar per hour), plus 11 whole hours of 4.70.
    expect(a.aiRevenueMicroUsd).toBe(2n * 3_133_333n + 11n * 4_700_000n);
    expect(a.aiSeconds).toBe(12 * 3600 + 20 * 60);
    const json = reportJson(r).rows.find((x) => x.groupLabel === "S1/gpu-a")!;
    expect(Number(json.aiPct)).toBeCloseTo((100 * (12 * 3600 + 20 * 60)) / 86400, 2);
  });

  it("refuses a report too large for a page", async () => {
    await expect(ledgerReport({ db, from: FROM, to: TO, groupBy: "rig", granularity: "hour", timeZone: "UTC", maxRows: 100 })).rejects.toThrow(/export it/);
  });
});

describe("exportLedgerFile", () => {
  const params: TReportParams = { from: FROM, to: TO, groupBy: "rig", granularity: "day", timeZone: "America/Chicago" };

  it("CSV: a header, one line per row with currency and zone, and a TOTAL line equal to the sum of the rows", async () => {
    const file = path.join(dir, "r.csv");
    const result = await exportLedgerFile({ db, format: "CSV", file, params });
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
    const header = lines[0]!.split(",");
    const rows = lines.slice(1, -1).map((l) => l.split(","));
    const total = lines.at(-1)!.split(",");
    expect(result.rows).toBe(rows.length);
    expect(rows.length).toBe(9); // 3 rigs x 3 Chicago days touched by two UTC days
    const col = (name: string) => header.indexOf(name);
    expect(rows.every((r) => r[col("currency")] === "USD" && r[col("time_zone")] === "America/Chicago")).toBe(true);
    expect(rows[0]![col("period_start")]).toBe("2026-03-31T19:00:00-05:00");
    expect(total[col("group_key")]).toBe("TOTAL");
    for (const name of ["mining_revenue_usd", "ai_revenue_usd", "revenue_usd", "energy_cost_usd", "margin_usd", "always_mine_margin_usd", "uplift_usd"]) {
      expect(micro(total[col(name)]!)).toBe(rows.reduce((a, r) => a + micro(r[col(name)]!), 0n));
    }
    const sums = await ledgerSums(FROM, TO);
    expect(micro(total[col("energy_cost_usd")]!)).toBe(sums.cost);
    expect(micro(total[col("revenue_usd")]!)).toBe(sums.mining + sums.ai);
  });

  it("XLSX: typed date and number cells, totals equal to the rows to the cent, a Summary sheet with currency and zone", async () => {
    const file = path.join(dir, "r.xlsx");
    await exportLedgerFile({ db, format: "XLSX", file, params, now: new Date("2026-04-05T12:00:00Z") });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Report", "Summary"]);
    const ws = wb.getWorksheet("Report")!;
    const heads = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    expect(heads[0]).toBe("Period start (America/Chicago)");
    const money = heads.indexOf("Margin (USD)") + 1;
    const data: ExcelJS.Row[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) data.push(row);
    });
    const total = data.pop()!;
    expect(total.getCell(3).value).toBe("TOTAL");
    expect(data).toHaveLength(9);
    expect(data[0]!.getCell(1).value).toBeInstanceOf(Date);
    expect((data[0]!.getCell(1).value as Date).toISOString()).toBe("2026-03-31T19:00:00.000Z"); // the wall time
    expect(typeof data[0]!.getCell(money).value).toBe("number");
    const cents = (v: unknown) => Math.round((v as number) * 100);
    expect(cents(total.getCell(money).value)).toBe(cents(data.reduce((a, r) => a + (r.getCell(money).value as number), 0)));
    const summary = wb.getWorksheet("Summary")!;
    const facts = new Map<string, unknown>();
    summary.eachRow((row) => facts.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(facts.get("Currency")).toBe("USD");
    expect(facts.get("Time zone")).toBe("America/Chicago");
    expect(cents(facts.get("Margin (USD)"))).toBe(cents(total.getCell(money).value));
    const sums = await ledgerSums(FROM, TO);
    expect(cents(facts.get("Energy cost (USD)"))).toBe(Math.round(Number(sums.cost) / 1e4));
  });

  it("XLSX: a large report continues on further sheets, with the total on the last", async () => {
    const file = path.join(dir, "big.xlsx");
    const row = (i: number): TReportRow => ({
      ...emptyFigures(),
      periodStart: new Date(FROM.getTime() + i * H),
      periodEnd: new Date(FROM.getTime() + (i + 1) * H),
      groupKey: String(i),
      groupLabel: `rig-${i}`,
      rigHours: 1,
      miningRevenueMicroUsd: 1_234_567n,
    });
    async function* rows() {
      for (let i = 0; i < 2500; i++) yield row(i);
    }
    const out = createWriteStream(file);
    const closed = once(out, "close");
    await writeXlsx({ rows: rows(), params, out, now: new Date(), rowsPerSheet: 1000 });
    await closed;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ["Report", 1001],
      ["Report 2", 1001],
      ["Report 3", 502],
      ["Summary", expect.any(Number)],
    ]);
    expect(wb.getWorksheet("Report 3")!.getRow(502).getCell(5).value).toBeCloseTo(2500 * 1.234567, 6);
  });

  it("PDF: one printable page", async () => {
    const file = path.join(dir, "r.pdf");
    await exportLedgerFile({ db, format: "PDF", file, params: { ...params, groupBy: "site" } });
    const pdf = await readFile(file, "latin1");
    expect(pdf.startsWith("%PDF-")).toBe(true);
    expect(pdf.match(/\/Type \/Page\b/g)).toHaveLength(1);
  });
});
