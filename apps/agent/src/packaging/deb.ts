/**
 * The .deb, built by Debian's own dpkg-deb from a staged tree: files with their modes, owned by
 * root (--root-owner-group, so no fakeroot), the config as a conffile (upgrades keep local
 * edits), md5sums and the maintainer scripts.
 */
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { renderConfigSkeleton } from "../unit-files";
import { DEB_LAYOUT, PACKAGE_NAME, renderPackagedUnit, renderWrapper } from "./layout";
import { renderPostinst, renderPostrm, renderPrerm } from "./maintainer-scripts";
import { renderManPage } from "./manpage";
import { run } from "./run";

export const DEB_DEPENDS = "nodejs (>= 20)";

export interface TDebOptions {
  /** The single-file agent (bundle.ts). */
  bundle: string;
  version: string;
  maintainer: string;
  /** /usr/share/doc/rigshift-agent/copyright: the bundled packages' licenses (notices.ts). */
  copyright: string;
  /** An empty folder to stage the tree in. */
  stageDir: string;
  outDir: string;
  /** File times, for reproducible packages (with SOURCE_DATE_EPOCH, which dpkg-deb reads itself); default: as written. */
  mtime?: Date;
}

const DESCRIPTION = `Rigshift rig agent (telemetry, workloads, thermal guard)
 The rig agent of Rigshift, a control plane for mining farms. It samples the
 rig's GPUs (nvidia-smi) or an ASIC (cgminer API), keeps telemetry in an
 on-disk journal and delivers it to the control plane, runs the workload the
 control plane chooses among those declared in /etc/rigshift/agent.yaml, and
 takes GPUs that run hot out of work.
 .
 It runs as the systemd service rigshift-agent (user rigshift), and can serve
 Prometheus metrics on a local port.`;

const DOC_DIR = `/usr/share/doc/${PACKAGE_NAME}`;

/** Deliberate departures from Debian's defaults, with why: lintian reads them from the package. */
const LINTIAN_OVERRIDES = `# The config will hold the enrollment token: root writes it, the agent's group reads it.
${PACKAGE_NAME}: non-standard-file-perm 0640 != 0644 [etc/rigshift/agent.yaml]
# Run through /usr/bin/rigshift-agent, which names the node that runs it.
${PACKAGE_NAME}: script-not-executable [usr/lib/rigshift-agent/rigshift-agent.cjs]
# systemctl --no-block: the first start waits for enrollment, which must never hold dpkg
# (deb-systemd-invoke has no --no-block). Skipped when systemd is not running (chroots, images).
${PACKAGE_NAME}: maintainer-script-calls-systemctl [postinst:*]
${PACKAGE_NAME}: maintainer-script-calls-systemctl [prerm:*]
`;

/** A native package's changelog, one entry for this build (RFC 2822 date). */
function changelog(version: string, maintainer: string, at: Date): Buffer {
  const date = at.toUTCString().replace("GMT", "+0000");
  const text = `${PACKAGE_NAME} (${version}) unstable; urgency=medium\n\n  * Rigshift rig agent ${version}.\n\n -- ${maintainer}  ${date}\n`;
  // Node's gzip header carries no file name or time: the same text gives the same bytes.
  return gzipSync(text, { level: 9 });
}

/** Writes one staged file with its mode; `at` is the path on the rig. */
function put(root: string, at: string, content: string | Buffer | { copyOf: string }, mode: number): string {
  const file = path.join(root, at);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  if (typeof content === "string" || Buffer.isBuffer(content)) writeFileSync(file, content);
  else copyFileSync(content.copyOf, file);
  chmodSync(file, mode);
  return file;
}

/** Every path under dir (folders and files), relative, sorted. */
function walk(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = path.posix.join(rel, e.name);
      return e.isDirectory() ? [p, ...walk(dir, p)] : [p];
    });
}

export function buildDeb(options: TDebOptions): string {
  const { stageDir: root, version } = options;
  put(root, DEB_LAYOUT.bundle, { copyOf: options.bundle }, 0o644);
  put(root, DEB_LAYOUT.wrapper, renderWrapper({ node: "/usr/bin/node", bundle: DEB_LAYOUT.bundle }), 0o755);
  put(root, DEB_LAYOUT.unit, renderPackagedUnit(DEB_LAYOUT, "deb"), 0o644);
  // 0640: it will hold the enrollment token; postinst gives its group to the service user.
  put(root, DEB_LAYOUT.config, renderConfigSkeleton("deb"), 0o640);
  put(root, `${DOC_DIR}/copyright`, options.copyright, 0o644);
  put(root, `${DOC_DIR}/changelog.gz`, changelog(version, options.maintainer, options.mtime ?? new Date()), 0o644);
  put(root, `/usr/share/lintian/overrides/${PACKAGE_NAME}`, LINTIAN_OVERRIDES, 0o644);
  put(root, `/usr/share/man/man8/${PACKAGE_NAME}.8.gz`, gzipSync(renderManPage(version), { level: 9 }), 0o644);
  const conffiles = [DEB_LAYOUT.config];

  const payload = walk(root);
  // Directories count 1 KiB each, files their size rounded up, as dpkg-gencontrol counts.
  const installedSizeKib = payload.reduce((kib, p) => {
    const s = statSync(path.join(root, p));
    return kib + (s.isDirectory() ? 1 : Math.ceil(s.size / 1024));
  }, 0);
  // Conffiles are left out of md5sums (dpkg tracks them itself), as dh_md5sums does.
  const md5sums = payload
    .filter((p) => statSync(path.join(root, p)).isFile() && !conffiles.includes(`/${p}`))
    .map(
      (p) =>
        `${createHash("md5")
          .update(readFileSync(path.join(root, p)))
          .digest("hex")}  ${p}\n`,
    )
    .join("");

  const control = [
    `Package: ${PACKAGE_NAME}`,
    `Version: ${version}`,
    "Architecture: all",
    `Maintainer: ${options.maintainer}`,
    `Installed-Size: ${installedSizeKib}`,
    `Depends: ${DEB_DEPENDS}`,
    "Section: admin",
    "Priority: optional",
    `Description: ${DESCRIPTION}`,
  ].join("\n");
  put(root, "DEBIAN/control", `${control}\n`, 0o644);
  put(root, "DEBIAN/conffiles", `${conffiles.join("\n")}\n`, 0o644);
  put(root, "DEBIAN/md5sums", md5sums, 0o644);
  put(root, "DEBIAN/postinst", renderPostinst(), 0o755);
  put(root, "DEBIAN/prerm", renderPrerm(), 0o755);
  put(root, "DEBIAN/postrm", renderPostrm(), 0o755);
  for (const p of walk(root)) if (statSync(path.join(root, p)).isDirectory()) chmodSync(path.join(root, p), 0o755);
  chmodSync(root, 0o755);

  const { mtime } = options;
  if (mtime) for (const p of walk(root)) utimesSync(path.join(root, p), mtime, mtime);
  mkdirSync(options.outDir, { recursive: true });
  const out = path.join(options.outDir, `${PACKAGE_NAME}_${version}_all.deb`);
  run("dpkg-deb", ["--root-owner-group", "-Zxz", "--build", root, out], { missing: "dpkg-deb (Debian/Ubuntu: apt-get install dpkg)" });
  return out;
}
