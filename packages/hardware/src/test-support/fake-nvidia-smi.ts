import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturePath } from "./fixtures";

/**
 * Test-only: fake `nvidia-smi` executables (POSIX shell scripts) in a temp folder. Each
 * appends its pid to `<name>.pids` when started, so tests can count spawns and clean up.
 */
export function createFakeNvidiaSmis() {
  const dir = mkdtempSync(join(tmpdir(), "rigshift-fake-nvidia-smi-"));
  const write = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\necho $$ >> '${path}.pids'\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const scripts = {
    /** Prints a real capture, plus a warning on stderr (exit 0: not a failure). */
    good: write("good", `echo "WARNING: infoROM is corrupted at gpu 0000:01:00.0" >&2\ncat '${fixturePath("nvidia-smi-xml/a0s-exporter__nvidia-smi-3.xml")}'`),
    /** Hangs but dies to SIGKILL. */
    sleeps: write("sleeps", "exec sleep 60"),
    /** Hangs and ignores SIGTERM: stands in for a process stuck in the kernel. */
    stuck: write("stuck", "trap '' TERM\nwhile :; do sleep 0.05; done"),
    /** What nvidia-smi does when the driver is gone. */
    fails: write("fails", `echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."\nexit 9`),
    /** Works the first time, fails with exit 9 after that. */
    flaky: write("flaky", `if [ "$(wc -l < "$0.pids")" -gt 1 ]; then echo "GPU is lost"; exit 9; fi\ncat '${fixturePath("nvidia-smi-xml/telegraf__tesla-t4.xml")}'`),
    /** Exit 0 with something that is not the XML report. */
    garbage: write("garbage", "echo 'Segmentation fault <<< not xml'"),
  };
  const pids = (path: string): number[] => {
    try {
      return readFileSync(`${path}.pids`, "utf8").trim().split("\n").filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const cleanup = () => {
    for (const path of Object.values(scripts)) {
      for (const pid of pids(path)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, scripts, pids, cleanup };
}
