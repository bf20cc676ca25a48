/**
 * The copyright file both packages carry: the bundle holds npm packages whose licenses (MIT,
 * ISC, ...) ask that their notices travel with every copy, and the bundle strips comments. One
 * section per package: name, version, declared license, and its license file's text.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const ZPackageJson = z.object({ name: z.string(), version: z.string(), license: z.string().optional() });
const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i;

export interface TBundledPackage {
  name: string;
  version: string;
  license: string;
  /** The package's license file; null when it ships none (then only its declared license is known). */
  licenseText: string | null;
}

export function readBundledPackage(dir: string): TBundledPackage {
  const pkg = ZPackageJson.parse(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")));
  const file = readdirSync(dir).find((f) => LICENSE_FILE.test(f));
  return { name: pkg.name, version: pkg.version, license: pkg.license ?? "not declared", licenseText: file ? readFileSync(path.join(dir, file), "utf8").trim() : null };
}

export function renderCopyright(bundled: readonly TBundledPackage[]): string {
  const packages = [...bundled].sort((a, b) => a.name.localeCompare(b.name));
  const sections = packages.map((p) => `--- ${p.name} ${p.version} (${p.license}) ---\n\n${p.licenseText ?? `(the package ships no license file; it declares ${p.license})`}\n`);
  return `rigshift-agent: the Rigshift rig agent.

Rigshift's own code: copyright the Rigshift authors. The Rigshift repository states no license
for it.

rigshift-agent.cjs also holds these npm packages, each under its own license:
${packages.map((p) => `  ${p.name} ${p.version} (${p.license})`).join("\n")}

${sections.join("\n")}`;
}
