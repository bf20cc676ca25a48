import { ZDeviceReading, ZRigReading } from "@rigshift/protocol";
import { describe, expect, it } from "vitest";
import { fixtureBytes, fixtureReadmeRows } from "../test-support/fixtures";
import { decodeCgminerReply } from "./decode";
import { detectFirmware, type TFirmware } from "./firmware";
import { minerToReadings } from "./map";
import { collectMinerData, type TReplies } from "./miner-data";
import { parsePools } from "./pools";
import { repliesByCommand } from "./reply";

/** The README records how each capture was made; these are the TCP 4028 API replies. */
const API_ROWS = fixtureReadmeRows().filter((row) => row.command.includes("on TCP 4028"));

function decoded(file: string): unknown {
  const result = decodeCgminerReply(fixtureBytes(file));
  if (!result.ok) throw new Error(`${file}: ${result.problem.message}`);
  return result.value;
}

function replies(...files: string[]): TReplies {
  return Object.assign({}, ...files.map((file) => repliesByCommand(decoded(file))));
}

function readings(...files: string[]) {
  return minerToReadings(collectMinerData(replies(...files)));
}

/** Hashrates are products of decimals: compare to a part in a billion. */
function expectHashrates(actual: Array<number | undefined>, expectedHs: number[]) {
  expect(actual).toHaveLength(expectedHs.length);
  for (const [i, value] of actual.entries()) expect(Math.abs((value as number) / (expectedHs[i] as number) - 1)).toBeLessThan(1e-9);
}

describe("every cgminer-style capture", () => {
  it("the README lists 84 TCP 4028 replies", () => {
    expect(API_ROWS).toHaveLength(84);
  });

  it.each(API_ROWS.map((row) => [row.file, row.check]))("%s decodes into readings the protocol accepts", (file, check) => {
    const result = decodeCgminerReply(fixtureBytes(file));
    expect(result.ok, result.ok ? "" : result.problem.message).toBe(true);
    if (!result.ok) return;
    // Captures the README marks as invalid JSON need a repair; valid ones need none.
    expect(result.repairs.length > 0).toBe(check.startsWith("NOT valid JSON"));
    const { rig, devices, problems } = minerToReadings(collectMinerData(repliesByCommand(result.value)));
    expect(problems).toEqual([]);
    expect(ZRigReading.parse(rig)).toEqual(rig);
    for (const device of devices) expect(ZDeviceReading.parse(device)).toEqual(device);
  });
});

describe("firmware detection", () => {
  it.each<[string, TFirmware]>([
    ["asic/asic-rs/antminer/v2020/version.json", "antminer-stock"],
    ["asic/check_cgminer/exampleReplyS9se.json.raw", "antminer-stock"],
    ["asic/asic-rs/braiins/v21_09/version.json", "braiins-boser"],
    ["asic/asic-rs/braiins/v25_05/version.json", "braiins-boser"],
    ["asic/check_cgminer/exampleReplyS17BraiinsOS_Plus_temps.json.raw", "braiins-bosminer"],
    ["asic/check_cgminer/S9_braiinsos_summary_netcat_comment.json.raw", "braiins-bmminer"],
    ["asic/asic-rs/luxminer/v1/version.json", "luxos"],
    ["asic/asic-rs/whatsminer/v1/get_version.json", "whatsminer"],
    ["asic/asic-rs/whatsminer/v2/get_version.json", "whatsminer"],
    ["asic/check_cgminer/exampleReplyWhatsminer.json.raw", "whatsminer"],
    ["asic/asic-rs/avalonminer/version.json", "avalon"],
    ["asic/pyasic/avalonminer__version_24102401_25462b2_9ddf522__CGMinerAvalon1566__rpc_version.json", "avalon"],
    ["asic/check_cgminer/exampleReplyS17Vnish.json.raw", "vnish"],
    ["asic/pyasic/hammer__version_2023_05_28__HammerD10__rpc_version.json", "generic-cgminer"],
  ])("%s -> %s", (file, firmware) => {
    expect(detectFirmware(decoded(file))).toBe(firmware);
  });
});

describe("values from the captures", () => {
  it("Antminer S19 Pro stock: summary and per-chain stats", () => {
    const { rig, devices } = readings("asic/asic-rs/antminer/v2020/summary.json", "asic/asic-rs/antminer/v2020/stats.json");
    expectHashrates([rig.hashrateHs], [110566.89e9]);
    expectHashrates(
      devices.map((d) => d.hashrateHs),
      [37603.3e9, 35536.22e9, 37427.38e9],
    );
    expect(devices.map((d) => [d.tempC, d.chipTempC])).toEqual([
      [73, 78],
      [66, 71],
      [64, 69],
    ]);
    expect(devices.every((d) => d.kind === "HASHBOARD" && d.model === "Antminer S19 Pro")).toBe(true);
  });

  it("Antminer S15 stock: the hottest chip comes from temp_chipN when it beats temp3_N", () => {
    const { devices } = readings("asic/check_cgminer/exampleReplyS15.json.raw");
    expect(devices.map((d) => d.chipTempC)).toEqual([75, 80, 81, 74]);
    expect(devices.map((d) => d.tempC)).toEqual([60, 65, 66, 59]);
  });

  it("Antminer DR5: GHS strings and the }{ repair", () => {
    const { rig, devices } = readings("asic/check_cgminer/exampleReplyDR5.json.raw");
    expectHashrates([rig.hashrateHs], [35568.22e9]);
    expectHashrates(
      devices.map((d) => d.hashrateHs),
      [11577.54e9, 11956.85e9, 12033.82e9],
    );
    expect(devices.map((d) => d.chipTempC)).toEqual([69, 75, 68]);
  });

  it("Braiins OS+ S17: boards from devs, temperatures from temps, in one multi-command reply", () => {
    const { rig, devices } = readings("asic/check_cgminer/exampleReplyS17BraiinsOS_Plus_temps_devs_fans.json.raw");
    expect(devices.map((d) => [d.tempC, d.chipTempC])).toEqual([
      [67.25, 97.875],
      [64.5625, 98],
      [48.6875, 81.125],
    ]);
    expectHashrates([devices[0]?.hashrateHs], [21471436.706835e6]);
    expect(rig.hashrateHs).toBeGreaterThan(6e13);
  });

  it("Braiins OS (bmminer) S9: chains 6-8 become boards 0-2", () => {
    const { devices } = readings("asic/check_cgminer/exampleReplyS9BraiinsOS.json.raw");
    expect(devices.map((d) => d.index)).toEqual([0, 1, 2]);
    expectHashrates(
      devices.map((d) => d.hashrateHs),
      [4524.28e9, 4679.16e9, 4550.58e9],
    );
    expect(devices.map((d) => [d.tempC, d.chipTempC])).toEqual([
      [59, 75],
      [54, 71],
      [55, 74],
    ]);
  });

  it("LuxOS S19k Pro: summary, stats, devs, temps and power together", () => {
    const dir = "asic/asic-rs/luxminer/v1";
    const data = collectMinerData(replies(...["version", "summary", "stats", "devs", "temps", "power", "fans"].map((c) => `${dir}/${c}.json`)));
    expect(data.firmware).toBe("luxos");
    expect(data.model).toBe("Antminer S19k Pro");
    expect(data.powerW).toBe(1051);
    expect(data.fansRpm).toEqual([1920, 1920, 2340, 2340, 1920, 1920, 2340, 2340]);
    const { rig, devices } = minerToReadings(data);
    expect(rig).toEqual({ hashrateHs: 59756.06e9, powerW: 1051 });
    expectHashrates(
      devices.map((d) => d.hashrateHs),
      [18910.28e9, 18939.95e9, 19067.67e9],
    );
    expect(devices.map((d) => d.tempC)).toEqual([47, 47, 47]);
  });

  it("Whatsminer: summary power and hashrate in MH/s, boards from devs with chip temperatures", () => {
    const { rig, devices } = readings("asic/asic-rs/whatsminer/v1/summary.json", "asic/asic-rs/whatsminer/v1/devs.json");
    expect(rig.powerW).toBe(3417);
    expectHashrates([rig.hashrateHs], [70668114.52e6]);
    expect(devices.map((d) => [d.tempC, d.chipTempC])).toEqual([
      [70, 90],
      [69.5, 90.11],
      [71.5, 92.5],
    ]);
    expectHashrates(
      devices.map((d) => d.hashrateHs),
      [20053438.74e6, 25567317.81e6, 24351292.28e6],
    );
  });

  it("Whatsminer: intake temperature and the check_cgminer capture", () => {
    expect(readings("asic/asic-rs/whatsminer/v2/summary.json").rig).toEqual({ hashrateHs: 125e12, powerW: 3200, inletTempC: 28.5 });
    expectHashrates([readings("asic/check_cgminer/exampleReplyWhatsminer.json.raw").rig.hashrateHs], [35523530.1e6]);
  });

  it("Avalon 15-194: boards and wall power from the MM ID0 status string", () => {
    const { rig, devices } = readings("asic/pyasic/avalonminer__version_24102401_25462b2_9ddf522__CGMinerAvalon1566__rpc_stats.json");
    expectHashrates([rig.hashrateHs], [199241.07e9]);
    expect(rig.powerW).toBe(3731);
    expect(rig.inletTempC).toBe(31);
    expect(devices.map((d) => d.chipTempC)).toEqual([77, 78, 77]);
    expectHashrates(
      devices.map((d) => d.hashrateHs),
      [59459.52e9, 61407.83e9, 63139.66e9],
    );
  });

  it("DragonMint T1: one STATS entry per chain", () => {
    const { devices } = readings("asic/check_cgminer/exampleReplyT1.json.raw");
    expect(devices.map((d) => [d.tempC, d.chipTempC])).toEqual([
      [72, 84],
      [74, 87],
      [71, 82],
    ]);
    expectHashrates(
      devices.map((d) => d.hashrateHs),
      [5370624e6, 5370624e6, 5370624e6],
    );
  });

  it("hardware errors: new ones since the previous poll of the same board", () => {
    const data = collectMinerData(replies("asic/asic-rs/antminer/v2020/stats.json"));
    const previous = data.boards.map((board) => ({ ...board, hardwareErrors: (board.hardwareErrors ?? 0) - 10 }));
    expect(minerToReadings(data, previous).devices.map((d) => d.errors)).toEqual([10, 10, 10]);
    expect(minerToReadings(data).devices.every((d) => d.errors === undefined)).toBe(true);
  });

  it("pools: url, user, status and shares", () => {
    const pools = parsePools(decoded("asic/asic-rs/luxminer/v1/pools.json"));
    expect(pools[0]).toEqual({
      url: "stratum+tcp://ca.stratum.braiins.com:3333",
      user: "asic-rs.user1",
      status: "Alive",
      active: true,
      priority: 0,
      accepted: 724,
      rejected: 0,
    });
    expect(pools[1]).toMatchObject({ status: "Dead", active: false });
  });

  it("a reply whose status says error becomes a problem", () => {
    const data = collectMinerData({ summary: { STATUS: [{ STATUS: "E", Code: 14, Msg: "Invalid command" }], id: 1 } });
    expect(data.problems).toEqual([{ source: "cgminer", kind: "error", message: "summary: miner answered E: Invalid command" }]);
  });
});
