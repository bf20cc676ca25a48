/**
 * Packages the agent for rigs: the single-file bundle, then a .deb (Debian, Ubuntu) and a
 * tarball with install.sh (other distributions), both from the same bundle, unit and config
 * skeleton. `npm run package:agent` (scripts/package-agent.ts) writes them to apps/agent/dist/.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleAgent } from "./bundle";
import { buildDeb } from "./packaging/deb";
import { readBundledPackage, renderCopyright } from "./packaging/notices";
import { buildTarball } from "./packaging/tarball";

const AGENT_DIR = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_PACKAGE_DIR = path.join(AGENT_DIR, "dist");
/** The .deb's Maintainer field unless the build names one. */
export const DEFAULT_MAINTAINER = "Rigshift maintainers <maintainers@rigshift.invalid>";

/** The version the packages carry: apps/agent/package.json's. */
export function agentPackageVersion(): string {
  const { version } = JSON.parse(readFileSync(path.join(AGENT_DIR, "package.json"), "utf8")) as { version?: unknown };
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+([~+.-][A-Za-z0-9.~+-]+)?$/.test(version)) {
    throw new Error(`apps/agent/package.json has no usable version (${String(version)}): the .deb needs one like 1.2.3`);
  }
  return version;
}

export interface TPackageResult {
  version: string;
  bundle: string;
  deb: string;
  tarball: string;
}

export async function buildAgentPackages(options: { outDir: string; maintainer?: string; mtime?: Date }): Promise<TPackageResult> {
  const version = agentPackageVersion();
  const bundle = path.join(options.outDir, "rigshift-agent.cjs");
  const { packageDirs } = await bundleAgent(bundle);
  const copyright = renderCopyright(packageDirs.map(readBundledPackage));
  const work = mkdtempSync(path.join(tmpdir(), "rigshift-package-"));
  try {
    const deb = buildDeb({
      bundle,
      version,
      maintainer: options.maintainer ?? DEFAULT_MAINTAINER,
      copyright,
      stageDir: path.join(work, "deb"),
      outDir: options.outDir,
      mtime: options.mtime,
    });
    const tarball = buildTarball({ bundle, version, copyright, stageDir: path.join(work, "tar"), outDir: options.outDir, mtime: options.mtime });
    return { version, bundle, deb, tarball };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
