import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "./log";
import { SdNotifier } from "./sd-notify";

const notifiers: SdNotifier[] = [];
afterEach(async () => {
  for (const n of notifiers.splice(0)) await n.stop();
});

/** A fake systemd-notify that logs its arguments; "hang" makes it never exit, "hang-pings" only on WATCHDOG=1. */
function fakeNotify(mode: "log" | "hang" | "hang-pings" = "log") {
  const dir = mkdtempSync(path.join(tmpdir(), "sd-notify-"));
  const bin = path.join(dir, "systemd-notify");
  const log = path.join(dir, "log");
  writeFileSync(
    bin,
    `#!/bin/sh\necho "$NOTIFY_SOCKET $*" >> "${log}"\n${mode === "hang" ? "exec sleep 60" : mode === "hang-pings" ? 'case "$*" in *WATCHDOG*) exec sleep 60;; esac' : ""}\n`,
  );
  chmodSync(bin, 0o755);
  return { bin, lines: () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function notifier(bin: string, overrides: Partial<ConstructorParameters<typeof SdNotifier>[0]> = {}) {
  const n = new SdNotifier({
    socket: "/run/test/notify",
    watchdogUsec: 1_000_000,
    pid: 4242,
    env: { PATH: process.env.PATH },
    isAlive: () => true,
    log: silentLogger,
    bin,
    ...overrides,
  });
  notifiers.push(n);
  return n;
}

describe("SdNotifier", () => {
  it("does nothing without NOTIFY_SOCKET", async () => {
    const fake = fakeNotify();
    const n = notifier(fake.bin, { socket: undefined });
    n.start();
    await n.stop();
    expect(n.watchdogIntervalMs).toBeNull();
    expect(fake.lines()).toEqual([]);
  });

  it("pings at half the watchdog timeout while the agent is alive, and stops pinging when it is stuck", async () => {
    const fake = fakeNotify();
    let alive = true;
    const n = notifier(fake.bin, { isAlive: () => alive });
    expect(n.watchdogIntervalMs).toBe(500);
    n.start();
    await sleep(1400);
    const pings = fake.lines().filter((l) => l.endsWith("WATCHDOG=1")).length;
    expect(fake.lines()[0]).toBe("/run/test/notify --pid=4242 READY=1");
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(pings).toBeLessThanOrEqual(3);
    alive = false;
    await sleep(1100);
    expect(fake.lines().filter((l) => l.endsWith("WATCHDOG=1")).length).toBe(pings);
    await n.stop();
    expect(fake.lines().at(-1)).toBe("/run/test/notify --pid=4242 STOPPING=1");
  });

  it("never waits on a hung systemd-notify longer than its deadline", async () => {
    const fake = fakeNotify("hang");
    const n = notifier(fake.bin, { timeoutMs: 300 });
    const started = Date.now();
    await n.send("READY=1");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("starts no second ping while the previous one still hangs", async () => {
    const fake = fakeNotify("hang-pings");
    const n = notifier(fake.bin, { timeoutMs: 5_000 });
    n.start();
    await sleep(1300);
    // Pings at 500 ms (hangs) and 1000 ms (skipped).
    expect(n.sent).toEqual(["READY=1", "WATCHDOG=1"]);
  });
});
