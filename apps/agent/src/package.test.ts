/**
 * The packages as a rig gets them: `npm run package:agent`'s build into a temp folder, read back
 * with Debian's own dpkg-deb and GNU tar, unpacked, and the agent inside run with plain node and
 * no node_modules. install.sh is run for real into a DESTDIR. dpkg-deb missing fails the build
 * (and so every test here) with a message naming it: nothing is skipped.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { AGENT_VERSION } from "./agent";
import { loadConfig } from "./config";
import { agentPackageVersion, buildAgentPackages, type TPackageResult } from "./package";
import { DEB_LAYOUT, renderPackagedUnit, renderWrapper, TARBALL_LAYOUT } from "./packaging/layout";

const FIXTURE = fileURLToPath(new URL("../../../../shared/fixtures/nvidia-smi-xml/a0s-exporter__nvidia-smi-3.xml", import.meta.url));
// Only the system's own PATH: no workspace tools, no NODE_PATH, no loader flags.
const bareEnv = { PATH: "/usr/local/bin:/usr/bin:/bin" };

function sh(file: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const r = spawnSync(file, args, { encoding: "utf8", cwd: options.cwd, env: options.env ?? bareEnv, timeout: 60_000 });
  if (r.error) throw new Error(`${file}: ${r.error.message}`);
  return r;
}
function ok(file: string, args: string[], options: Parameters<typeof sh>[2] = {}): string {
  const r = sh(file, args, options);
  if (r.status !== 0) throw new Error(`${file} ${args.join(" ")} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** `ls -l`-style listing lines (dpkg-deb --contents, tar -tv) as path -> "mode owner". */
function listing(text: string): Map<string, string> {
  const entries = text
    .trim()
    .split("\n")
    .map((l) => l.split(/\s+/))
    .map((f) => [(f.at(-1) ?? "").replace(/^\.\//, "/"), `${f[0]} ${f[1]}`] as const);
  return new Map(entries);
}

/** The unit's directives as key -> value, comments left out. */
const directives = (unit: string) =>
  Object.fromEntries(unit.split("\n").flatMap((l) => (/^[A-Za-z]+=/.test(l) ? [[l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]] : [])));

function runBundle(bundle: string) {
  const r = sh(process.execPath, [bundle, "inspect", "--nvidia-smi-xml", FIXTURE, "--json"], { cwd: path.dirname(bundle) });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { inventory: { model: string; devices: unknown[] } };
}

let built: TPackageResult;
const work = mkdtempSync(path.join(tmpdir(), "rigshift-package-test-"));
beforeAll(async () => {
  built = await buildAgentPackages({ outDir: path.join(work, "out") });
}, 120_000);

describe("the .deb", () => {
  it("has the control fields dpkg and lintian look for, with apps/agent/package.json's version", () => {
    const fields = Object.fromEntries(
      ok("dpkg-deb", ["--field", built.deb])
        .split("\n")
        .filter((l) => /^[A-Za-z-]+: /.test(l))
        .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]),
    );
    expect(fields).toMatchObject({
      Package: "rigshift-agent",
      Version: agentPackageVersion(),
      Architecture: "all",
      Depends: "nodejs (>= 20)",
      Section: "admin",
      Priority: "optional",
    });
    // The agent reports AGENT_VERSION to the control plane: the package must not say otherwise.
    expect(fields.Version).toBe(AGENT_VERSION);
    expect(fields.Maintainer).toMatch(/^[^<>]+ <[^@<>\s]+@[^@<>\s]+>$/);
    expect(Number(fields["Installed-Size"])).toBeGreaterThanOrEqual(Math.ceil(statSync(built.bundle).size / 1024));
    expect(fields.Description).toMatch(/^Rigshift rig agent/);
    expect(path.basename(built.deb)).toBe(`rigshift-agent_${AGENT_VERSION}_all.deb`);
  });

  it("lists the config as a conffile and carries executable maintainer scripts", () => {
    const info = ok("dpkg-deb", ["--info", built.deb]);
    for (const script of ["postinst", "prerm", "postrm"]) expect(info).toMatch(new RegExp(`\\*\\s+${script}\\s+#!/bin/sh`));
    expect(ok("dpkg-deb", ["--info", built.deb, "conffiles"])).toBe("/etc/rigshift/agent.yaml\n");
    const control = path.join(work, "control");
    ok("dpkg-deb", ["--control", built.deb, control]);
    for (const script of ["postinst", "prerm", "postrm"]) ok("sh", ["-n", path.join(control, script)]);
  });

  it("installs the bundle, an executable wrapper, the unit and the config, all root's, with their docs and nothing else", () => {
    const files = [...listing(ok("dpkg-deb", ["--contents", built.deb]))].filter(([, mode]) => !mode.startsWith("d"));
    expect(Object.fromEntries(files)).toEqual({
      "/usr/lib/rigshift-agent/rigshift-agent.cjs": "-rw-r--r-- root/root",
      "/usr/bin/rigshift-agent": "-rwxr-xr-x root/root",
      "/lib/systemd/system/rigshift-agent.service": "-rw-r--r-- root/root",
      "/etc/rigshift/agent.yaml": "-rw-r----- root/root",
      "/usr/share/doc/rigshift-agent/copyright": "-rw-r--r-- root/root",
      "/usr/share/doc/rigshift-agent/changelog.gz": "-rw-r--r-- root/root",
      "/usr/share/man/man8/rigshift-agent.8.gz": "-rw-r--r-- root/root",
      "/usr/share/lintian/overrides/rigshift-agent": "-rw-r--r-- root/root",
    });
  });

  describe("unpacked with dpkg-deb -x", () => {
    const root = path.join(work, "deb-root");
    const at = (p: string) => path.join(root, p);
    beforeAll(() => {
      ok("dpkg-deb", ["-x", built.deb, root]);
      ok("dpkg-deb", ["--control", built.deb, path.join(work, "deb-control")]);
    });

    it("holds files whose md5sums match", () => {
      expect(ok("md5sum", ["-c", path.join(work, "deb-control/md5sums")], { cwd: root })).toMatch(/rigshift-agent\.cjs: OK/);
    });

    it("runs the agent with plain node and no node_modules", () => {
      const out = runBundle(at(DEB_LAYOUT.bundle));
      expect(out.inventory.model).toBe("GeForce GTX 1080");
      expect(out.inventory.devices).toHaveLength(2);
      expect(ok(process.execPath, [at(DEB_LAYOUT.bundle), "--help"], { cwd: root })).toMatch(/rigshift-agent run \[--config FILE\]/);
    });

    it("has a wrapper that execs the system node on the bundle, passing every argument", () => {
      expect(readFileSync(at(DEB_LAYOUT.wrapper), "utf8")).toMatch(
        /^exec \/usr\/bin\/node --max-semi-space-size=1 --max-old-space-size=64 --v8-pool-size=1 --no-flush-bytecode --no-opt --optimize-for-size \/usr\/lib\/rigshift-agent\/rigshift-agent\.cjs "\$@"$/m,
      );
      // The same template pointed at this node and the unpacked bundle runs it.
      const wrapper = path.join(work, "deb-wrapper");
      writeFileSync(wrapper, renderWrapper({ node: process.execPath, bundle: at(DEB_LAYOUT.bundle) }));
      chmodSync(wrapper, 0o755);
      expect(ok(wrapper, ["inspect", "--nvidia-smi-xml", FIXTURE])).toMatch(/^GPU_RIG GeForce GTX 1080: 2 device\(s\)$/m);
    });

    it("has the install command's unit: notify with a watchdog, restarted on failure, as user rigshift", () => {
      const unit = readFileSync(at(DEB_LAYOUT.unit), "utf8");
      expect(unit).toBe(renderPackagedUnit(DEB_LAYOUT, "deb"));
      expect(directives(unit)).toMatchObject({
        Type: "notify",
        WatchdogSec: "60",
        Restart: "on-failure",
        User: "rigshift",
        Group: "rigshift",
        StateDirectory: "rigshift",
        ExecStart: "/usr/bin/rigshift-agent run --config /etc/rigshift/agent.yaml",
      });
    });

    it("carries the licenses of the npm packages inside the bundle", () => {
      const copyright = readFileSync(at("/usr/share/doc/rigshift-agent/copyright"), "utf8");
      for (const name of ["zod", "yaml"]) expect(copyright).toMatch(new RegExp(`^--- ${name} \\S+ \\((MIT|ISC)\\) ---$`, "m"));
      // The host probe reads procfs and sysfs, and nvidia-smi's XML has its own small reader.
      for (const name of ["systeminformation", "fast-xml-parser"]) expect(copyright).not.toMatch(new RegExp(`^--- ${name} `, "m"));
      expect(copyright).toMatch(/Permission is hereby granted, free of charge/);
    });

    it("has a config skeleton the agent accepts", () => {
      const config = loadConfig(at(DEB_LAYOUT.config));
      expect(config.workloads.map((w) => w.key)).toEqual(["rvn-kawpow", "pytorch", "idle"]);
      expect(config.metrics).toBeUndefined();
    });
  });
});

describe("the tarball", () => {
  const dir = `rigshift-agent-${AGENT_VERSION}`;
  const unpacked = path.join(work, "tar");
  beforeAll(() => {
    mkdirSync(unpacked);
    ok("tar", ["-xzf", built.tarball, "-C", unpacked]);
  });

  it("holds the bundle, unit, config skeleton, wrapper template and an executable install.sh, in one folder", () => {
    expect(path.basename(built.tarball)).toBe(`${dir}.tar.gz`);
    expect(Object.fromEntries(listing(ok("tar", ["-tzvf", built.tarball])))).toEqual({
      [`${dir}/`]: "drwxr-xr-x 0/0",
      [`${dir}/install.sh`]: "-rwxr-xr-x 0/0",
      [`${dir}/rigshift-agent.cjs`]: "-rw-r--r-- 0/0",
      [`${dir}/rigshift-agent.in`]: "-rw-r--r-- 0/0",
      [`${dir}/rigshift-agent.service`]: "-rw-r--r-- 0/0",
      [`${dir}/agent.yaml`]: "-rw-r--r-- 0/0",
      [`${dir}/README`]: "-rw-r--r-- 0/0",
      [`${dir}/COPYRIGHT`]: "-rw-r--r-- 0/0",
    });
    ok("sh", ["-n", path.join(unpacked, dir, "install.sh")]);
    expect(readFileSync(path.join(unpacked, dir, "rigshift-agent.service"), "utf8")).toBe(renderPackagedUnit(TARBALL_LAYOUT, "tarball"));
  });

  describe("install.sh into a DESTDIR", () => {
    const destdir = path.join(work, "destdir");
    const at = (p: string) => path.join(destdir, p);
    const installSh = () => sh("sh", [path.join(unpacked, dir, "install.sh")], { env: { ...bareEnv, DESTDIR: destdir, NODE: process.execPath } });
    const mode = (p: string) => (statSync(at(p)).mode & 0o7777).toString(8);

    it("installs the agent in /usr/local, the unit and a config, and the installed agent runs", () => {
      const r = installSh();
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/wrote \/etc\/rigshift\/agent\.yaml/);
      expect({
        bundle: mode(TARBALL_LAYOUT.bundle),
        wrapper: mode(TARBALL_LAYOUT.wrapper),
        unit: mode(TARBALL_LAYOUT.unit),
        config: mode(TARBALL_LAYOUT.config),
        stateDir: mode(TARBALL_LAYOUT.stateDir),
      }).toEqual({ bundle: "644", wrapper: "755", unit: "644", config: "640", stateDir: "700" });
      expect(readFileSync(at(TARBALL_LAYOUT.wrapper), "utf8")).toBe(renderWrapper({ node: process.execPath, bundle: TARBALL_LAYOUT.bundle }));
      expect(directives(readFileSync(at(TARBALL_LAYOUT.unit), "utf8"))).toMatchObject({
        Type: "notify",
        User: "rigshift",
        ExecStart: "/usr/local/bin/rigshift-agent run --config /etc/rigshift/agent.yaml",
      });
      expect(loadConfig(at(TARBALL_LAYOUT.config)).hardware.backend).toBe("nvidia");
      expect(runBundle(at(TARBALL_LAYOUT.bundle)).inventory.model).toBe("GeForce GTX 1080");
    });

    it("run again, keeps the edited config and leaves no temporary files", () => {
      const edited = `${readFileSync(at(TARBALL_LAYOUT.config), "utf8")}# edited on the rig\n`;
      writeFileSync(at(TARBALL_LAYOUT.config), edited);
      const r = installSh();
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/\/etc\/rigshift\/agent\.yaml exists: left as it is/);
      expect(readFileSync(at(TARBALL_LAYOUT.config), "utf8")).toBe(edited);
      expect(readdirSync(path.dirname(at(TARBALL_LAYOUT.bundle)))).toEqual(["rigshift-agent.cjs"]);
      expect(readdirSync(path.dirname(at(TARBALL_LAYOUT.wrapper)))).toEqual(["rigshift-agent"]);
    });

    it("refuses a node older than 20, or one whose path needs quoting, installing nothing", () => {
      const oldNode = path.join(work, "node18");
      writeFileSync(oldNode, "#!/bin/sh\nprintf 18.20.4\n");
      chmodSync(oldNode, 0o755);
      const elsewhere = path.join(work, "destdir-old-node");
      const r = sh("sh", [path.join(unpacked, dir, "install.sh")], { env: { ...bareEnv, DESTDIR: elsewhere, NODE: oldNode } });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/Node\.js 18\.20\.4 .* is too old: the agent needs 20 or newer/);
      expect(existsSync(elsewhere)).toBe(false);
      // The wrapper names node unquoted: a path that would need quoting is refused, not mangled.
      const spaced = sh("sh", [path.join(unpacked, dir, "install.sh")], { env: { ...bareEnv, DESTDIR: elsewhere, NODE: "/opt/node 20/bin/node" } });
      expect(spaced.status).not.toBe(0);
      expect(spaced.stderr).toMatch(/cannot use a node path with spaces or shell characters in it: \/opt\/node 20\/bin\/node/);
      expect(existsSync(elsewhere)).toBe(false);
    });
  });
});
