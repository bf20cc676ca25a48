import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CSV_FORMATS, PriceCsvError, parsePriceCsv } from "./csv";

const shipped = (f: string) => readFileSync(new URL(`../../data/${f}`, import.meta.url), "utf8");

describe("parsePriceCsv on the shipped real series", () => {
  it("reads ERCOT HB_SOUTH 15-minute prices in Central time as UTC", () => {
    const r = parsePriceCsv(shipped("ercot_hb_south_15min_2024H2.csv"), CSV_FORMATS["ercot-15min"]!);
    expect(r.rows).toBe(20_544);
    const rtm = r.series.find((s) => s.key === "electricity:ERCOT:HB_SOUTH:rtm")!;
    expect(rtm.points).toHaveLength(20_544);
    // 2024-06-01 00:00 CDT = 05:00 UTC; first RTM price 17.69 $/MWh.
    expect(new Date(rtm.points[0]!.atMs).toISOString()).toBe("2024-06-01T05:00:00.000Z");
    expect(rtm.points[0]!.value).toBe(17.69);
    // After clocks go back (2024-11-03), midnight is 06:00 UTC.
    const dec = rtm.points.find((p) => new Date(p.atMs).toISOString() === "2024-12-01T06:00:00.000Z");
    expect(dec).toBeDefined();
    expect(rtm.points.some((p) => p.value < 0)).toBe(true);
    expect(Math.max(...rtm.points.map((p) => p.value))).toBeGreaterThan(1000);
  });

  it("reads the Bitcoin daily hashprice", () => {
    const r = parsePriceCsv(shipped("btc_daily_2023_2024.csv"), CSV_FORMATS["btc-daily"]!);
    const hp = r.series.find((s) => s.key === "hashprice:BTC")!;
    expect(hp.points).toHaveLength(731);
    expect(hp.points[0]).toEqual({ atMs: Date.UTC(2023, 0, 1), value: 0.05904137 });
    expect(r.warnings).toEqual([]);
  });

  it("splits GPU rental prices into one series per GPU type and socket", () => {
    const r = parsePriceCsv(shipped("gpu_rental_30min_2025-10-19_2025-11-02.csv"), CSV_FORMATS["gpu-rental-30min"]!);
    const keys = r.series.map((s) => s.key).sort();
    expect(keys).toContain("gpu_rental:H100_80GB:SXM5");
    expect(r.series.every((s) => s.points.every((p) => Number.isFinite(p.value) && p.value > 0))).toBe(true);
  });
});

describe("parsePriceCsv on bad files", () => {
  const fmt = CSV_FORMATS["ercot-15min"]!;
  const head = "interval_start_cpt,hb_south_dam_usd_mwh,hb_south_rtm_usd_mwh,temperature_f";
  const cases: [string, string, RegExp][] = [
    ["a missing column", "interval_start_cpt,hb_south_dam_usd_mwh\n2024-06-01 00:00:00,1", /missing column\(s\) hb_south_rtm_usd_mwh/],
    ["a value that is not a number", `${head}\n2024-06-01 00:00:00,abc,1,2`, /row 2: hb_south_dam_usd_mwh "abc" is not a number/],
    ["an empty value", `${head}\n2024-06-01 00:00:00,,1,2`, /row 2: .* is not a number/],
    ["a bad time", `${head}\n06/01/2024 00:00,1,1,2`, /row 2: interval_start_cpt "06\/01\/2024 00:00" is not a date\/time/],
    ["a duplicate time", `${head}\n2024-06-01T05:00:00Z,1,1,2\n2024-06-01 00:00:00,1,1,2`, /row 3: duplicate time 2024-06-01T05:00:00.000Z/],
    ["a short row", `${head}\n2024-06-01 00:00:00,1,1`, /row 2: 3 fields, the header has 4/],
    ["no rows", head, /no rows/],
  ];
  for (const [what, text, reason] of cases) {
    it(`rejects ${what} with the row and column`, () => {
      const error = (() => {
        try {
          parsePriceCsv(text, fmt);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(PriceCsvError);
      expect((error as Error).message).toMatch(reason);
    });
  }

  it("accepts negative electricity prices but not a negative hashprice", () => {
    expect(parsePriceCsv(`${head}\n2024-06-01 00:00:00,-12.5,-30,80`, fmt).series[0]!.points[0]!.value).toBe(-12.5);
    const btc = "date,price_usd,difficulty,hashrate_ths,subsidy_btc_per_block,hashprice_subsidy_usd_per_th_day\n2024-01-01,42000,1,1,6.25,-0.1";
    expect(() => parsePriceCsv(btc, CSV_FORMATS["btc-daily"]!)).toThrow(/negative/);
  });

  it("reports gaps as warnings and keeps them as gaps", () => {
    const r = parsePriceCsv(`${head}\n2024-06-01 00:00:00,1,1,1\n2024-06-01 00:15:00,1,1,1\n2024-06-01 02:00:00,1,1,1`, fmt);
    expect(r.warnings).toEqual(["electricity:ERCOT:HB_SOUTH:dam: 1 gap(s), the largest 105 min", "electricity:ERCOT:HB_SOUTH:rtm: 1 gap(s), the largest 105 min"]);
    expect(r.series[0]!.points).toHaveLength(3);
  });

  it("reads a repeated local hour when clocks go back as two distinct times", () => {
    const r = parsePriceCsv(`${head}\n2024-11-03 01:30:00,1,1,1\n2024-11-03 01:30:00,2,2,1`, fmt);
    const [a, b] = r.series[0]!.points;
    expect(b!.atMs - a!.atMs).toBe(3600_000);
  });
});
