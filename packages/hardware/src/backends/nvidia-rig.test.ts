import { ZDeviceReading, ZRigReading } from "@rigshift/protocol";
import si from "systeminformation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeNvidiaSmis } from "../test-support/fake-nvidia-smi";
import { createNvidiaRigBackend } from "./nvidia-rig";

const fakes = createFakeNvidiaSmis();
const TIMEOUT_MS = 300;
/** Host measurements run beside nvidia-smi, each under its own deadline (they take ~30 ms here). */
const HOST_TIMEOUT_MS = 1000;
/** A read lasts as long as its slowest probe's deadline at most, plus scheduling slack. */
const READ_LIMIT_MS = Math.max(TIMEOUT_MS, HOST_TIMEOUT_MS) + 500;

beforeAll(async () => {
  // systeminformation's first CPU load sample takes ~0.5 s; later ones are instant.
  await si.currentLoad();
});
afterAll(() => fakes.cleanup());

async function timedRead(backend: ReturnType<typeof createNvidiaRigBackend>) {
  const started = performance.now();
  const snapshot = await backend.read();
  return { snapshot, elapsedMs: performance.now() - started };
}

const backendFor = (path: string, extra: object = {}) => createNvidiaRigBackend({ nvidiaSmiPath: path, timeoutMs: TIMEOUT_MS, hostTimeoutMs: HOST_TIMEOUT_MS, ...extra });

function expectHostReadings(rig: object) {
  expect(rig).toHaveProperty("memTotalMb");
  expect(rig).toHaveProperty("memUsedMb");
  expect(ZRigReading.parse(rig)).toEqual(rig);
}

describe("createNvidiaRigBackend", () => {
  it("reads GPUs from nvidia-smi and the host from systeminformation", async () => {
    const backend = createNvidiaRigBackend({ nvidiaSmiPath: fakes.scripts.good, timeoutMs: 5000 });
    const { devices, rig, problems } = await backend.read();
    expect(problems.filter((problem) => problem.source === "nvidia-smi")).toEqual([]);
    expect(devices.map((device) => [device.index, device.model, device.powerW, device.tempC])).toEqual([
      [0, "GeForce GTX 1080", 211.86, 67],
      [1, "GeForce GTX 1080", 211.06, 70],
    ]);
    for (const device of devices) expect(ZDeviceReading.parse(device)).toEqual(device);
    expect(rig.powerW).toBeCloseTo(422.92, 6);
    expectHostReadings(rig);
    expect(backend.freshness().nvidiaSmiAt).toBeTypeOf("number");
  });

  it("takes its inventory from nvidia-smi", async () => {
    const inventory = await createNvidiaRigBackend({ nvidiaSmiPath: fakes.scripts.good }).inventory();
    expect(inventory).toEqual({
      kind: "GPU_RIG",
      model: "GeForce GTX 1080",
      devices: [
        { index: 0, kind: "GPU", uuid: "GPU-683c6e09-3969-31a5-b7ca-cc88252b7fce", model: "GeForce GTX 1080", vramMb: 8116, powerLimitW: 216, busId: "00000000:01:00.0" },
        { index: 1, kind: "GPU", uuid: "GPU-90e3dab0-b59d-8bf6-d909-d4fab8d2f29b", model: "GeForce GTX 1080", vramMb: 8119, powerLimitW: 216, busId: "00000000:03:00.0" },
      ],
    });
  });

  it("without nvidia-smi: no devices, a missing problem, host readings", async () => {
    const backend = backendFor(`${fakes.dir}/absent-nvidia-smi`);
    const { snapshot } = await timedRead(backend);
    expect(snapshot.devices).toEqual([]);
    expect(snapshot.problems).toContainEqual(expect.objectContaining({ source: "nvidia-smi", kind: "missing" }));
    expectHostReadings(snapshot.rig);
    expect(await backend.inventory()).toEqual({ kind: "GPU_RIG", model: "NVIDIA GPU (none found)", devices: [] });
  });

  it.each([
    ["fails", "error", "exited with code 9"],
    ["garbage", "unparseable", "not XML"],
  ] as const)("nvidia-smi that %s: host readings plus a %s problem", async (script, kind, text) => {
    const { snapshot, elapsedMs } = await timedRead(backendFor(fakes.scripts[script]));
    expect(elapsedMs).toBeLessThan(READ_LIMIT_MS);
    expect(snapshot.devices).toEqual([]);
    const problem = snapshot.problems.find((candidate) => candidate.source === "nvidia-smi");
    expect(problem?.kind).toBe(kind);
    expect(problem?.message).toContain(text);
    expectHostReadings(snapshot.rig);
  });

  it("a hung nvidia-smi: every read returns by the deadline, and it is not started again while alive", async () => {
    const backend = backendFor(fakes.scripts.stuck, { killSignal: "SIGTERM" });
    for (const expected of ["did not finish within 300 ms", "still hung since", "still hung since"]) {
      const { snapshot, elapsedMs } = await timedRead(backend);
      expect(elapsedMs).toBeLessThan(READ_LIMIT_MS);
      expect(snapshot.devices).toEqual([]);
      const problem = snapshot.problems.find((candidate) => candidate.source === "nvidia-smi");
      expect(problem).toMatchObject({ kind: "timeout" });
      expect(problem?.message).toContain(expected);
      expect(problem?.message).toContain("no good reading yet");
      expectHostReadings(snapshot.rig);
    }
    expect(fakes.pids(fakes.scripts.stuck)).toHaveLength(1);
  });
});
