import { afterAll, describe, expect, it } from "vitest";
import { createFakeNvidiaSmis } from "../test-support/fake-nvidia-smi";
import { createNvidiaSmiProbe } from "./run";

const fakes = createFakeNvidiaSmis();
afterAll(() => fakes.cleanup());

const TIMEOUT_MS = 300;
/** Scheduling slack on a busy CI machine; the point is "at the deadline", not "60 s later". */
const SLACK_MS = 400;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = performance.now();
  const result = await work();
  return { result, elapsedMs: performance.now() - started };
}

const waitFor = async (check: () => boolean, limitMs = 3000) => {
  const until = Date.now() + limitMs;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
};

describe("createNvidiaSmiProbe", () => {
  it("parses a real capture, ignoring a warning on stderr with exit 0", async () => {
    const probe = createNvidiaSmiProbe({ path: fakes.scripts.good, timeoutMs: 5000 });
    const result = await probe.run();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.driverVersion).toBe("460.27.04");
    expect(result.report.gpus.map((gpu) => gpu.powerDrawW)).toEqual([211.86, 211.06]);
    expect(probe.lastGood()?.report).toEqual(result.report);
  });

  it("reports a missing executable as missing", async () => {
    const result = await createNvidiaSmiProbe({ path: `${fakes.dir}/no-such-nvidia-smi` }).run();
    expect(result).toMatchObject({ ok: false, problem: { source: "nvidia-smi", kind: "missing" } });
  });

  it("reports a non-zero exit with what nvidia-smi said", async () => {
    const result = await createNvidiaSmiProbe({ path: fakes.scripts.fails, timeoutMs: 5000 }).run();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.kind).toBe("error");
    expect(result.problem.message).toContain("exited with code 9");
    expect(result.problem.message).toContain("couldn't communicate with the NVIDIA driver");
  });

  it("reports output that is not the XML report as unparseable", async () => {
    const result = await createNvidiaSmiProbe({ path: fakes.scripts.garbage, timeoutMs: 5000 }).run();
    expect(result).toMatchObject({ ok: false, problem: { kind: "unparseable" } });
    if (!result.ok) expect(result.problem.message).toContain("Segmentation fault");
  });

  it("kills a hung nvidia-smi at the deadline and starts a fresh one next time", async () => {
    const probe = createNvidiaSmiProbe({ path: fakes.scripts.sleeps, timeoutMs: TIMEOUT_MS });
    const first = await timed(() => probe.run());
    expect(first.result).toMatchObject({ ok: false, problem: { kind: "timeout" } });
    expect(first.elapsedMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(first.elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    // SIGKILL works on this one: once it has exited, the next run is a new process.
    expect(
      await waitFor(() => {
        void probe.run();
        return fakes.pids(fakes.scripts.sleeps).length === 2;
      }),
    ).toBe(true);
  });

  it("does not start another nvidia-smi while a stuck one is alive, and says since when", async () => {
    const probe = createNvidiaSmiProbe({ path: fakes.scripts.stuck, timeoutMs: TIMEOUT_MS, killSignal: "SIGTERM" });
    const first = await timed(() => probe.run());
    expect(first.result).toMatchObject({ ok: false, problem: { kind: "timeout" } });
    expect(first.elapsedMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);

    const second = await timed(() => probe.run());
    expect(second.elapsedMs).toBeLessThan(100);
    expect(second.result.ok).toBe(false);
    if (!second.result.ok) expect(second.result.problem.message).toMatch(/still hung since \d{4}-\d\d-\d\dT.*\(pid \d+\)/);
    expect(fakes.pids(fakes.scripts.stuck)).toHaveLength(1);

    // Once it finally dies, the probe runs nvidia-smi again.
    const [pid] = fakes.pids(fakes.scripts.stuck);
    process.kill(pid as number, "SIGKILL");
    expect(
      await waitFor(() => {
        void probe.run();
        return fakes.pids(fakes.scripts.stuck).length === 2;
      }),
    ).toBe(true);
  });

  it("tells how old the last good reading is when a later run fails", async () => {
    let clock = 1_000_000;
    const probe = createNvidiaSmiProbe({ path: fakes.scripts.flaky, timeoutMs: 5000, now: () => clock });
    expect((await probe.run()).ok).toBe(true);
    clock += 42_000;
    const failed = await probe.run();
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.problem.message).toBe("nvidia-smi exited with code 9: GPU is lost; last good reading 42 s ago");
    expect(probe.lastGood()?.at).toBe(1_000_000);
    expect(probe.lastGood()?.report.gpus[0]?.name).toBe("Tesla T4");
  });
});
