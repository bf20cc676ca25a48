import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "./errors";
import { loadScenario } from "./load-scenario";
import { baseScenario, btcRows, ERCOT_HEADER, ercotRows, type TScenarioInput, writeScenario } from "./testing/scenario-dir";

function rejection(file: string): string {
  try {
    loadScenario({ file });
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error("the scenario was accepted");
}

const withScenario = (edit: (s: TScenarioInput) => void) => {
  const s = baseScenario();
  edit(s);
  return s;
};

describe("loadScenario", () => {
  it("loads a valid scenario: the fleet from the catalogue, 15-minute intervals from the price file", () => {
    const { fleet, market, notes } = loadScenario({ file: writeScenario() });
    expect(fleet.rigs).toHaveLength(1);
    expect(fleet.rigs[0]?.mining).toMatchObject({ hashrateHs: 200e12, powerW: 3500, poolFeeBps: 200, startSeconds: 120 });
    expect(market.intervals).toBe(8);
    expect(market.intervalSeconds).toBe(900);
    expect(notes).toEqual([]);
  });

  it("accepts negative real-time prices (running pays)", () => {
    expect(() => loadScenario({ file: writeScenario({ ercot: ercotRows(3, () => -50) }) })).not.toThrow();
  });

  it("fills a real-time gap with the day-ahead price and says so", () => {
    const rtGap = ercotRows(3).filter((_, i) => i !== 3 && i !== 4);
    const s = withScenario((x) => {
      x.files.rtm = { path: "rtm.csv", format: "ercot-15min" };
      x.sites[0]!.electricity.realTime.file = "rtm";
    });
    const file = writeScenario({ scenario: s, extra: { "rtm.csv": [ERCOT_HEADER, ...rtGap].join("\n") } });
    expect(loadScenario({ file }).notes).toEqual(["TX: 2 interval(s) settled (in part) at the day-ahead price: real-time gap"]);
  });

  it("carries the last real-time price over a gap in both series of up to 2 hours, and says so", () => {
    const { notes } = loadScenario({ file: writeScenario({ ercot: ercotRows(1) }) });
    expect(notes).toEqual([
      "TX: 4 interval(s) settled (in part) at the last real-time price carried forward: real-time and day-ahead gap",
      "TX: 4 interval(s) decided on the last real-time price: day-ahead gap",
    ]);
  });

  const cases: [string, () => string, RegExp][] = [
    ["a missing scenario file", () => path.join(path.dirname(writeScenario()), "nope.json"), /scenario file not found: .*nope\.json/],
    [
      "a file that is not JSON",
      () => {
        const file = writeScenario();
        writeFileSync(file, "{ name: ");
        return file;
      },
      /not valid JSON/,
    ],
    ["a missing field", () => writeScenario({ scenario: withScenario((s) => delete (s as Partial<TScenarioInput>).switching) }), /switching: Invalid input/],
    ["a rig on an unknown site", () => writeScenario({ scenario: withScenario((s) => (s.rigs[0]!.site = "XX")) }), /rigs\.0\.site: no site "XX" \(sites: TX\)/],
    ["an ASIC the catalogue lacks", () => writeScenario({ scenario: withScenario((s) => (s.rigs[0]!.model = "S99")) }), /rigs\[0\] \(S99\): no ASIC "S99" in asic_specs_2024\.csv/],
    ["a missing price file", () => writeScenario({ scenario: withScenario((s) => (s.files.ercot!.path = "gone.csv")) }), /files\.ercot: price file not found: .*gone\.csv/],
    ["an unknown format", () => writeScenario({ scenario: withScenario((s) => (s.files.ercot!.format = "ercot-5min")) }), /files\.ercot\.format: unknown format "ercot-5min"/],
    [
      "an unknown series key",
      () => writeScenario({ scenario: withScenario((s) => (s.sites[0]!.electricity.realTime.key = "electricity:ERCOT:HB_NORTH:rtm")) }),
      /no series "electricity:ERCOT:HB_NORTH:rtm" in files\.ercot/,
    ],
    [
      "duplicate timestamps",
      () => {
        const rows = ercotRows(3);
        return writeScenario({ ercot: [rows[0] as string, ...rows] });
      },
      /files\.ercot \(ercot\.csv\): row 3: duplicate time 2024-08-20T05:00:00\.000Z for electricity:ERCOT:HB_SOUTH:dam/,
    ],
    [
      "a gap of more than 2 hours in both prices",
      () => writeScenario({ ercot: ercotRows(1), scenario: withScenario((s) => (s.period.end = "2024-08-20T04:00:00-05:00")) }),
      /interval 12 \(2024-08-20T08:00:00\.000Z\): site 0: no real-time or day-ahead price for 2024-08-20T08:00:00\.000Z/,
    ],
    ["no hashprice for the day before the period", () => writeScenario({ btc: btcRows.slice(2) }), /hashprice:BTC: no value for a day that ended by 2024-08-20T05:00:00\.000Z/],
  ];
  for (const [what, make, message] of cases) {
    it(`rejects ${what} with a clear message`, () => {
      expect(rejection(make())).toMatch(message);
    });
  }

  it("names the column a file lacks", () => {
    const file = writeScenario({ extra: {} });
    writeFileSync(path.join(path.dirname(file), "ercot.csv"), ["interval_start_cpt,hb_south_dam_usd_mwh", "2024-08-20 00:00:00,30"].join("\n"));
    expect(rejection(file)).toMatch(/files\.ercot \(ercot\.csv\): missing column\(s\) hb_south_rtm_usd_mwh; the file has: interval_start_cpt, hb_south_dam_usd_mwh/);
  });
});

describe("loadScenario: AI jobs and fleet size", () => {
  const gpuScenario = (jobs: NonNullable<TScenarioInput["jobs"]>) =>
    withScenario((s) => {
      s.sites[0]!.powerCapKw = 100;
      s.rigs.push({ site: "TX", kind: "GPU_RIG", model: "RTX 3090", gpus: 8, count: 1 });
      s.jobs = jobs;
    });
  const job = { gpuModel: "RTX 3090", gpuCount: 4, usdPerGpuHour: 0.3, from: "2024-08-20T05:00:00Z", to: "2024-08-20T06:00:00Z" };

  it("offers an explicit job between its from and to", () => {
    const { market } = loadScenario({ file: writeScenario({ scenario: gpuScenario([job]) }) });
    expect(market.offers).toEqual([expect.objectContaining({ gpuModel: "RTX 3090", gpuCount: 4, usdPerGpuHour: 0.3, fromMs: Date.UTC(2024, 7, 20, 5), preemptible: false })]);
  });

  it("rejects a job no rig can run", () => {
    expect(rejection(writeScenario({ scenario: gpuScenario([{ ...job, gpuModel: "H100 SXM" }]) }))).toMatch(/jobs\.0\.gpuModel: no GPU rig of model "H100 SXM"/);
    expect(rejection(writeScenario({ scenario: gpuScenario([{ ...job, gpuCount: 16 }]) }))).toMatch(/jobs\.0\.gpuCount: 16 GPUs, the largest RTX 3090 rig has 8/);
  });
});
