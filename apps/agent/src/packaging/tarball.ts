/**
 * rigshift-agent-VERSION.tar.gz: one folder with the bundle, the unit, the config skeleton, the
 * wrapper template and install.sh, for rigs whose distribution has no dpkg. Built with GNU tar,
 * entries owned by root and sorted by name.
 */
import { chmodSync, copyFileSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderConfigSkeleton } from "../unit-files";
import { NODE_PLACEHOLDER, renderInstallSh, renderTarballReadme, TARBALL_FILES } from "./install-sh";
import { PACKAGE_NAME, renderPackagedUnit, renderWrapper, TARBALL_LAYOUT } from "./layout";
import { run } from "./run";

export interface TTarballOptions {
  bundle: string;
  version: string;
  /** The bundled packages' licenses (notices.ts), as COPYRIGHT. */
  copyright: string;
  /** An empty folder to stage the tree in. */
  stageDir: string;
  outDir: string;
  /** Entry times, for reproducible tarballs; default: as written. */
  mtime?: Date;
}

export function buildTarball(options: TTarballOptions): string {
  const name = `${PACKAGE_NAME}-${options.version}`;
  const dir = path.join(options.stageDir, name);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const files: [string, string | { copyOf: string }, number][] = [
    [TARBALL_FILES.installer, renderInstallSh(), 0o755],
    [TARBALL_FILES.bundle, { copyOf: options.bundle }, 0o644],
    [TARBALL_FILES.wrapperTemplate, renderWrapper({ node: NODE_PLACEHOLDER, bundle: TARBALL_LAYOUT.bundle }), 0o644],
    [TARBALL_FILES.unit, renderPackagedUnit(TARBALL_LAYOUT, "tarball"), 0o644],
    [TARBALL_FILES.config, renderConfigSkeleton("tarball"), 0o644],
    [TARBALL_FILES.readme, renderTarballReadme(options.version), 0o644],
    [TARBALL_FILES.copyright, options.copyright, 0o644],
  ];
  for (const [file, content, mode] of files) {
    const to = path.join(dir, file);
    if (typeof content === "string") writeFileSync(to, content);
    else copyFileSync(content.copyOf, to);
    chmodSync(to, mode);
    if (options.mtime) utimesSync(to, options.mtime, options.mtime);
  }
  chmodSync(dir, 0o755);
  mkdirSync(options.outDir, { recursive: true });
  const out = path.join(options.outDir, `${name}.tar.gz`);
  const times = options.mtime ? [`--mtime=@${Math.floor(options.mtime.getTime() / 1000)}`] : [];
  run("tar", ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", ...times, "-czf", out, "-C", options.stageDir, name], { missing: "GNU tar" });
  return out;
}
