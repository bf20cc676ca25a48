/**
 * Small scenarios on disk for tests: an ERCOT-format price file, a BTC daily file and a scenario
 * with one S21, in a fresh temporary folder. Each part can be replaced to make it wrong.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { z } from "zod";
import type { ZScenario } from "../scenario";

export type TScenarioInput = z.input<typeof ZScenario>;

export const ERCOT_HEADER = "interval_start_cpt,hb_south_dam_usd_mwh,hb_south_rtm_usd_mwh,temperature_f";
export const BTC_HEADER = "date,price_usd,difficulty,hashrate_ths,subsidy_btc_per_block,hashprice_subsidy_usd_per_th_day";

/** 15-minute rows from local (CDT) midnight of 2024-08-20 for `hours` hours: DA $30, RT from `rt(i)`. */
export function ercotRows(hours: number, rt: (i: number) => number = () => 25): string[] {
  return Array.from({ length: hours * 4 }, (_, i) => {
    const h = String(Math.floor(i / 4)).padStart(2, "0");
    const m = String((i % 4) * 15).padStart(2, "0");
    return `2024-08-20 ${h}:${m}:00,30,${rt(i)},90`;
  });
}

export const btcRows = ["2024-08-18,58000,1,1,3.125,0.042", "2024-08-19,59000,1,1,3.125,0.043", "2024-08-20,60000,1,1,3.125,0.044", "2024-08-21,61000,1,1,3.125,0.045"];

export function baseScenario(): TScenarioInput {
  return {
    name: "test",
    period: { start: "2024-08-20T00:00:00-05:00", end: "2024-08-20T02:00:00-05:00" },
    files: {
      ercot: { path: "ercot.csv", format: "ercot-15min" },
      btc: { path: "btc.csv", format: "btc-daily" },
    },
    sites: [
      {
        code: "TX",
        powerCapKw: 10,
        pue: 1.1,
        electricity: {
          realTime: { file: "ercot", key: "electricity:ERCOT:HB_SOUTH:rtm" },
          dayAhead: { file: "ercot", key: "electricity:ERCOT:HB_SOUTH:dam" },
        },
      },
    ],
    coins: { BTC: { hashUnit: "TH/s", usdPerUnitPerDay: { file: "btc", key: "hashprice:BTC" }, poolFeeBps: 200 } },
    rigs: [{ site: "TX", kind: "ASIC", model: "S21", count: 1, coin: "BTC" }],
    switching: { mineStartSeconds: 60, asicStartSeconds: 120, aiStartSeconds: 300 },
  };
}

/** Writes the files and the scenario; returns the scenario file's path. */
export function writeScenario(parts: { scenario?: unknown; ercot?: string[]; btc?: string[]; extra?: Record<string, string> } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rigshift-backtest-"));
  writeFileSync(path.join(dir, "ercot.csv"), [ERCOT_HEADER, ...(parts.ercot ?? ercotRows(3))].join("\n"));
  writeFileSync(path.join(dir, "btc.csv"), [BTC_HEADER, ...(parts.btc ?? btcRows)].join("\n"));
  for (const [name, text] of Object.entries(parts.extra ?? {})) writeFileSync(path.join(dir, name), text);
  const file = path.join(dir, "scenario.json");
  writeFileSync(file, JSON.stringify(parts.scenario ?? baseScenario()));
  return file;
}
