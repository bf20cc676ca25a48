import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { install, type TInstallOptions } from "./install";
import { renderUnit, systemdArg } from "./unit-files";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../..", import.meta.url));

/** The unit's directives as [key, value] pairs, comments left out. */
const directives = (unit: string) =>
  unit
    .split("\n")
    .filter((l) => /^[A-Za-z]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] as const);

describe("renderUnit", () => {
  const unit = renderUnit({
    command: ["/usr/bin/node", "/opt/rigshift/rigshift-agent.cjs"],
    configPath: "/etc/rigshift/agent.yaml",
    user: "rigshift",
    stateDir: "/var/lib/rigshift",
  });
  const d = Object.fromEntries(directives(unit));

  it("is a notify service with a watchdog, restarted on failure", () => {
    expect(d).toMatchObject({ Type: "notify", NotifyAccess: "all", WatchdogSec: "60", Restart: "on-failure", RestartSec: "5" });
    expect(d.ExecStart).toBe("/usr/bin/node /opt/rigshift/rigshift-agent.cjs run --config /etc/rigshift/agent.yaml");
  });

  it("runs as the dedicated user in a read-only system with its state directory writable", () => {
    expect(d).toMatchObject({ User: "rigshift", StateDirectory: "rigshift", ProtectSystem: "strict", ReadWritePaths: "/var/lib/rigshift", NoNewPrivileges: "true" });
  });

  it("runs as root without --user, and names another state directory writable", () => {
    const other = Object.fromEntries(directives(renderUnit({ command: ["/usr/bin/node", "/a.cjs"], configPath: "/etc/r.yaml", stateDir: "/srv/rig state" })));
    expect(other.User).toBeUndefined();
    expect(other.StateDirectory).toBeUndefined();
    expect(other.ReadWritePaths).toBe('"/srv/rig state"');
  });

  it("quotes and escapes arguments the way systemd reads them", () => {
    expect(systemdArg("/opt/a b/agent.cjs")).toBe('"/opt/a b/agent.cjs"');
    expect(systemdArg("100%")).toBe("100%%");
    expect(systemdArg("$HOME")).toBe("$$HOME");
    expect(systemdArg('say "hi"')).toBe('"say \\"hi\\""');
  });
});

describe("install", () => {
  function options(overrides: Partial<TInstallOptions> = {}) {
    const dir = mkdtempSync(path.join(tmpdir(), "rigshift-install-"));
    const ran: string[] = [];
    const out: string[] = [];
    const o: TInstallOptions = {
      command: ["/usr/bin/node", "/opt/rigshift/rigshift-agent.cjs"],
      configPath: path.join(dir, "etc/agent.yaml"),
      unitDir: path.join(dir, "units"),
      user: "rigshift",
      dryRun: false,
      stateDir: "/var/lib/rigshift",
      isRoot: true,
      userExists: async () => true,
      exec: async (file, args) => void ran.push(`${file} ${args.join(" ")}`),
      out: (line) => out.push(line),
      ...overrides,
    };
    return { o, ran, out };
  }

  it("writes the unit and a config skeleton that the agent accepts, and never overwrites a config", async () => {
    const { o, out } = options();
    const first = await install(o);
    expect(readFileSync(first.unitPath, "utf8")).toMatch(/^ExecStart=\/usr\/bin\/node .* run --config .*agent\.yaml$/m);
    expect(first.configWritten).toBe(true);
    expect(loadConfig(o.configPath).workloads.map((w) => w.key)).toEqual(["rvn-kawpow", "pytorch", "idle"]);

    writeFileSync(o.configPath, "# mine\n");
    const second = await install(o);
    expect(second.configWritten).toBe(false);
    expect(readFileSync(o.configPath, "utf8")).toBe("# mine\n");
    expect(out.at(-1)).toMatch(/systemctl daemon-reload && systemctl enable --now rigshift-agent.service/);
  });

  it("creates a missing user as a system user when root", async () => {
    const { o, ran } = options({ userExists: async () => false });
    const result = await install(o);
    expect(result.userCreated).toBe(true);
    expect(ran[0]).toBe("useradd --system --no-create-home --home-dir /var/lib/rigshift --shell /usr/sbin/nologin rigshift");
    expect(ran[1]).toBe(`chgrp rigshift ${o.configPath}`);
  });

  it("refuses, without writing anything, to go on with a missing user when not root", async () => {
    const { o, ran } = options({ userExists: async () => false, isRoot: false });
    await expect(install(o)).rejects.toThrow(/only root can create it/);
    expect(ran).toEqual([]);
    expect(existsSync(o.unitDir)).toBe(false);
  });

  it("with --dry-run prints the unit and what it would do, and writes and runs nothing", async () => {
    const { o, ran, out } = options({ dryRun: true, userExists: async () => false });
    await install(o);
    expect(ran).toEqual([]);
    expect(existsSync(o.unitDir)).toBe(false);
    expect(existsSync(o.configPath)).toBe(false);
    expect(out.join("\n")).toMatch(/would run: useradd --system .* rigshift/);
    expect(out.join("\n")).toMatch(/^Type=notify$/m);
  });

  it("works from the command line into a unit folder of our choosing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rigshift-install-cli-"));
    const r = spawnSync(process.execPath, ["--import", "tsx", MAIN, "install", "--config", `${dir}/agent.yaml`, "--unit-dir", `${dir}/units`, "--user", "root"], {
      cwd: REPO,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const unit = readFileSync(`${dir}/units/rigshift-agent.service`, "utf8");
    expect(unit).toMatch(/^User=root$/m);
    // The same node and loader as this run, then the script: the unit runs what was installed.
    expect(unit).toMatch(new RegExp(`^ExecStart=${process.execPath} .*--import tsx .*main\\.ts run --config ${dir}/agent\\.yaml$`, "m"));
    expect(existsSync(`${dir}/agent.yaml`)).toBe(true);
  });
});
