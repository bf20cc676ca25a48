/**
 * The .deb's life on a rig, through the real dpkg: install, upgrade with an edited config,
 * remove, purge; and a first install onto a config provisioned beforehand. dpkg works on a
 * temporary root (--root, scripts run with DPKG_ROOT set); the commands that would touch this
 * machine's users and services (useradd, userdel, getent, systemctl, chown, chgrp) are stubs
 * that record their calls and keep just enough state to answer like the real ones.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENROLLMENT_TOKEN_PLACEHOLDER } from "../unit-files";
import { buildDeb } from "./deb";
import { run } from "./run";

const work = mkdtempSync(path.join(tmpdir(), "rigshift-dpkg-"));
// A stand-in bundle: these tests are about the scripts, not the agent.
const bundle = path.join(work, "bundle.cjs");
writeFileSync(bundle, 'process.stdout.write("agent\\n");\n');

function deb(version: string): string {
  return buildDeb({ bundle, version, maintainer: "Test <test@example.com>", copyright: "test\n", stageDir: path.join(work, `stage-${version}`), outDir: path.join(work, "debs") });
}

/** A fresh root for dpkg, a "running" systemd, and stubs; returns how to run dpkg there and read what the stubs saw. */
function rig(name: string) {
  const root = path.join(work, name);
  const stubs = path.join(work, `${name}-stubs`);
  const calls = path.join(work, `${name}-calls.log`);
  for (const d of ["var/lib/dpkg/updates", "var/lib/dpkg/info", "run/systemd/system"]) mkdirSync(path.join(root, d), { recursive: true });
  writeFileSync(path.join(root, "var/lib/dpkg/status"), "");
  mkdirSync(stubs);
  const flag = (f: string) => path.join(work, `${name}.${f}`);
  const stub = (cmd: string, body = "exit 0") => {
    writeFileSync(path.join(stubs, cmd), `#!/bin/sh\necho "${cmd} $*" >> '${calls}'\n${body}\n`);
    chmodSync(path.join(stubs, cmd), 0o755);
  };
  stub("useradd", `touch '${flag("user")}'`);
  stub("userdel", `rm -f '${flag("user")}'`);
  stub("groupdel");
  stub("getent", `[ -e '${flag("user")}' ]`);
  stub("chown");
  stub("chgrp");
  stub("systemctl", `case "$1" in is-enabled) [ -e '${flag("enabled")}' ] ;; enable) touch '${flag("enabled")}' ;; esac`);
  writeFileSync(calls, "");

  const dpkg = (...args: string[]) => {
    const r = spawnSync("dpkg", [`--root=${root}`, "--force-depends", "--force-script-chrootless", "--force-not-root", "--force-confold", "--log=/dev/null", ...args], {
      encoding: "utf8",
      env: { PATH: `${stubs}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`, HOME: work },
      timeout: 60_000,
    });
    if (r.error) throw new Error(`dpkg: ${r.error.message} (the dpkg package provides it)`);
    if (r.status !== 0) throw new Error(`dpkg ${args.join(" ")} exited ${r.status}:\n${r.stderr}${r.stdout}`);
    return r.stderr;
  };
  /** The calls the stubs saw since the last look, with the root's path shown as $ROOT. */
  const seen = () => {
    const lines = readFileSync(calls, "utf8").replaceAll(root, "$ROOT").trim().split("\n").filter(Boolean);
    writeFileSync(calls, "");
    return lines;
  };
  return { root, at: (p: string) => path.join(root, p), dpkg, seen, enable: () => writeFileSync(flag("enabled"), "") };
}

// dpkg run by root unpacks the config as root:root, and postinst hands its group to the agent; run
// by anyone else (--force-not-root) the file is that user's, a group postinst leaves alone.
const chgrpConfig = process.getuid?.() === 0 ? ["chgrp rigshift $ROOT/etc/rigshift/agent.yaml"] : [];

describe("the .deb through dpkg", () => {
  it("installs, upgrades keeping the edited config, removes and purges", () => {
    const r = rig("lifecycle");
    const first = r.dpkg("-i", deb("0.1.0"));
    expect(r.seen()).toEqual([
      "getent passwd rigshift",
      "useradd --system --user-group --no-create-home --home-dir /var/lib/rigshift --shell /usr/sbin/nologin --comment Rigshift rig agent rigshift",
      "chown rigshift:rigshift $ROOT/var/lib/rigshift",
      ...chgrpConfig,
      "systemctl daemon-reload",
      "systemctl is-enabled --quiet rigshift-agent.service",
    ]);
    // The skeleton is not a configuration yet: nothing is started, and dpkg's output says what to do.
    expect(first).toMatch(/edit \/etc\/rigshift\/agent\.yaml .* then run: systemctl enable --now rigshift-agent\.service/);
    expect((statSync(r.at("var/lib/rigshift")).mode & 0o777).toString(8)).toBe("700");

    // The administrator fills in the config and enables the service.
    const edited = readFileSync(r.at("etc/rigshift/agent.yaml"), "utf8").replace(ENROLLMENT_TOKEN_PLACEHOLDER, "enroll-0123456789abcdef");
    writeFileSync(r.at("etc/rigshift/agent.yaml"), edited);
    r.enable();

    r.dpkg("-i", deb("0.1.1"));
    expect(readFileSync(r.at("etc/rigshift/agent.yaml"), "utf8")).toBe(edited);
    expect(r.seen()).toEqual([
      "getent passwd rigshift",
      "chown rigshift:rigshift $ROOT/var/lib/rigshift",
      ...chgrpConfig,
      "systemctl daemon-reload",
      "systemctl is-enabled --quiet rigshift-agent.service",
      "systemctl --no-block restart rigshift-agent.service",
    ]);

    writeFileSync(r.at("var/lib/rigshift/identity.json"), "{}");
    r.dpkg("--remove", "rigshift-agent");
    expect(r.seen()).toEqual(["systemctl stop rigshift-agent.service", "systemctl daemon-reload"]);
    expect(existsSync(r.at("usr/lib/rigshift-agent/rigshift-agent.cjs"))).toBe(false);
    expect(existsSync(r.at("lib/systemd/system/rigshift-agent.service"))).toBe(false);
    // Removed, not purged: the rig keeps its config and its identity.
    expect(readFileSync(r.at("etc/rigshift/agent.yaml"), "utf8")).toBe(edited);
    expect(existsSync(r.at("var/lib/rigshift/identity.json"))).toBe(true);

    r.dpkg("--purge", "rigshift-agent");
    expect(r.seen()).toEqual(["getent passwd rigshift", "userdel rigshift", "getent group rigshift", "systemctl daemon-reload"]);
    expect(existsSync(r.at("etc/rigshift"))).toBe(false);
    expect(existsSync(r.at("var/lib/rigshift"))).toBe(false);
  });

  it("enables and starts at once on a config provisioned before the package", () => {
    const r = rig("provisioned");
    mkdirSync(r.at("etc/rigshift"), { recursive: true });
    writeFileSync(r.at("etc/rigshift/agent.yaml"), "controlPlaneUrl: https://cp.farm.lan\nenrollmentToken: enroll-0123456789abcdef\nhardware:\n  backend: nvidia\n");
    r.dpkg("-i", deb("0.1.0"));
    expect(r.seen().slice(-3)).toEqual([
      "systemctl is-enabled --quiet rigshift-agent.service",
      "systemctl enable rigshift-agent.service",
      "systemctl --no-block start rigshift-agent.service",
    ]);
    expect(readFileSync(r.at("etc/rigshift/agent.yaml"), "utf8")).toMatch(/cp\.farm\.lan/);
  });
});

describe("build tools", () => {
  it("a missing one fails the build, naming what to install", () => {
    expect(() => run("rigshift-no-such-tool", [], { missing: "dpkg-deb (Debian/Ubuntu: apt-get install dpkg)" })).toThrow(
      "rigshift-no-such-tool not found or not runnable: packaging the agent needs dpkg-deb (Debian/Ubuntu: apt-get install dpkg)",
    );
  });
});
