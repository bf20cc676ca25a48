/** Finds Debian's Chromium for Playwright, installing it when missing and we are root. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export function ensureChromium(): string {
  const wanted = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(wanted)) return wanted;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    process.stderr.write("[test] installing Debian's chromium for the e2e suite\n");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const r = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
    if (r.status === 0 && existsSync(wanted)) return wanted;
  }
  throw new Error(`Chromium is needed for the e2e suite and was not found at ${wanted}. Install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`);
}
