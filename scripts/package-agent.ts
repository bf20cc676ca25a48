/**
 * Builds the rig agent's packages: the .deb and rigshift-agent-VERSION.tar.gz (with install.sh).
 *
 *   npm run package:agent [-- --out DIR] [--maintainer "Name <email>"]
 *
 * Output: apps/agent/dist/ unless --out. Needs dpkg-deb and GNU tar (Debian: dpkg, tar).
 * SOURCE_DATE_EPOCH (unix seconds), when set, fixes every file time: the same commit then
 * gives the same packages.
 */
import path from "node:path";
import { buildAgentPackages, DEFAULT_PACKAGE_DIR } from "../apps/agent/src/package";

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const epoch = process.env.SOURCE_DATE_EPOCH;
if (epoch !== undefined && !/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be unix seconds, not "${epoch}"`);

const result = await buildAgentPackages({
  outDir: path.resolve(flag("--out") ?? DEFAULT_PACKAGE_DIR),
  maintainer: flag("--maintainer"),
  mtime: epoch === undefined ? undefined : new Date(Number(epoch) * 1000),
});
process.stdout.write(`rigshift-agent ${result.version}\n  ${result.deb}\n  ${result.tarball}\n`);
