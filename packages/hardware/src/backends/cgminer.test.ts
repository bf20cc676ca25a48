import { ZDeviceReading, ZRigReading } from "@rigshift/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { multiReply, startFakeCgminer, type TFakeAnswer, type TFakeRequest } from "../test-support/fake-cgminer";
import { fixtureBytes } from "../test-support/fixtures";
import { createCgminerBackend } from "./cgminer";

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(answer: (request: TFakeRequest) => TFakeAnswer) {
  const server = await startFakeCgminer(answer);
  servers.push(server);
  return server;
}

const LUX = "asic/asic-rs/luxminer/v1";
const ANT = "asic/asic-rs/antminer/v2020";
const invalidCommand = Buffer.from('{"STATUS":[{"STATUS":"E","When":1,"Code":14,"Msg":"Invalid command","Description":"cgminer 1.0.0"}],"id":1}\0');

describe("createCgminerBackend", () => {
  it("LuxOS: version once, then summary+devs, stats and power per read", async () => {
    const server = await serve(({ command }) =>
      command === "summary+devs" ? multiReply({ summary: fixtureBytes(`${LUX}/summary.json`), devs: fixtureBytes(`${LUX}/devs.json`) }) : fixtureBytes(`${LUX}/${command}.json`),
    );
    const backend = createCgminerBackend({ host: server.host, port: server.port });
    const first = await backend.read();
    expect(first.problems).toEqual([]);
    expect(backend.firmware()).toBe("luxos");
    expect(first.rig).toEqual({ hashrateHs: 59756.06e9, powerW: 1051 });
    expect(first.devices.map((device) => [device.kind, device.tempC, device.chipTempC])).toEqual([
      ["HASHBOARD", 47, 47],
      ["HASHBOARD", 47, 47],
      ["HASHBOARD", 47, 47],
    ]);
    expect(ZRigReading.parse(first.rig)).toEqual(first.rig);
    for (const device of first.devices) expect(ZDeviceReading.parse(device)).toEqual(device);
    expect(first.devices.every((device) => device.errors === undefined)).toBe(true);

    const second = await backend.read();
    // The counters did not move between the two (identical) replies: 0 new errors, now known.
    expect(second.devices.map((device) => device.errors)).toEqual([0, 0, 0]);
    expect(server.requests.map((request) => request.command)).toEqual(["version", "summary+devs", "stats", "power", "summary+devs", "stats", "power"]);
    expect(backend.freshness().cgminerAt).toBeTypeOf("number");

    const inventory = await backend.inventory();
    expect(inventory.kind).toBe("ASIC");
    expect(inventory.model).toBe("Antminer S19k Pro");
    expect(inventory.devices.map((device) => device.nominalThs)).toEqual([20.6514, 20.6514, 20.6514]);
  });

  it("stock Antminer that refuses summary+devs: asks one by one, reads boards from stats", async () => {
    const server = await serve(({ command }) => (command.includes("+") ? invalidCommand : fixtureBytes(`${ANT}/${command}.json`)));
    const backend = createCgminerBackend({ host: server.host, port: server.port });
    const { rig, devices, problems } = await backend.read();
    expect(problems).toEqual([]);
    expect(backend.firmware()).toBe("antminer-stock");
    expect(server.requests.map((request) => request.command)).toEqual(["version", "summary+devs", "summary", "devs", "stats"]);
    expect(rig.hashrateHs).toBeCloseTo(110566.89e9, -3);
    expect(devices.map((device) => [device.tempC, device.chipTempC])).toEqual([
      [73, 78],
      [66, 71],
      [64, 69],
    ]);

    const pause = await backend.control({ kind: "pause" });
    expect(pause.ok).toBe(false);
    if (!pause.ok) expect(pause.error).toMatchObject({ code: "UnsupportedCommand", firmware: "antminer-stock", command: "pause" });
  });

  it("a truncated reply is a clear problem; what did arrive is still used", async () => {
    const summary = fixtureBytes("asic/check_cgminer/exampleReplyWhatsminer.json.raw");
    const server = await serve(({ command }) => {
      if (command === "version")
        return Buffer.from('{"STATUS":[{"STATUS":"S","Msg":"CGMiner versions","Description":"cgminer 4.9.2"}],"VERSION":[{"CGMiner":"4.9.2","API":"3.7"}],"id":1}\0');
      if (command === "devs") return fixtureBytes("asic/asic-rs/whatsminer/v1/devs.json").subarray(0, 900);
      if (command === "summary") return summary;
      return summary.subarray(0, 300);
    });
    const backend = createCgminerBackend({ host: server.host, port: server.port });
    const { rig, devices, problems } = await backend.read();
    expect(backend.firmware()).toBe("whatsminer");
    expect(rig.hashrateHs).toBeCloseTo(35523530.1e6, -3);
    expect(devices).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ source: "cgminer", kind: "unparseable" });
    expect(problems[0]?.message).toMatch(/^devs on 127\.0\.0\.1:\d+: reply truncated: 900 bytes/);
  });

  it("a miner that never answers: read returns at the deadline with a timeout, and asks nothing more", async () => {
    const server = await serve(() => "hang");
    const backend = createCgminerBackend({ host: server.host, port: server.port, timeoutMs: 250 });
    const started = performance.now();
    const snapshot = await backend.read();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(snapshot).toMatchObject({ rig: {}, devices: [] });
    expect(snapshot.problems).toEqual([expect.objectContaining({ source: "cgminer", kind: "timeout", message: expect.stringContaining("version on 127.0.0.1") })]);
    expect(server.requests).toHaveLength(1);
    const control = await backend.control({ kind: "pause" });
    expect(control.ok).toBe(false);
    if (!control.ok) expect(control.error.message).toContain("could not identify the firmware");
  });
});
