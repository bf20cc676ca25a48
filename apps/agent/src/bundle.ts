/**
 * The single-file build: one CommonJS file that runs with plain `node` and no node_modules
 * (yaml and zod are inside). Usage (npm run build):
 *   tsx src/bundle.ts [OUTFILE]      default dist/rigshift-agent.cjs
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const AGENT_DIR = fileURLToPath(new URL("..", import.meta.url));

export interface TBundleInfo {
  /** Folders of the npm packages inside the bundle (their licenses travel with the packages). */
  packageDirs: string[];
  /** The source files with code in the bundle (not those tree-shaken away), relative to the working directory. */
  inputs: string[];
}

export async function bundleAgent(outfile: string): Promise<TBundleInfo> {
  const result = await build({
    entryPoints: [path.join(AGENT_DIR, "src/main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // CommonJS has no import.meta: shared packages that resolve files next to themselves
    // (the hardware catalogue, which the agent never reads) get the bundle's own URL instead.
    define: { "import.meta.url": "__bundleUrl" },
    banner: { js: '"use strict";\nconst __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    legalComments: "none",
    // Footprint (scripts/bench/agent.ts): V8 keeps the whole source as a string, two bytes a
    // character when any character is outside Latin-1; minified and ASCII-only, it is a quarter.
    // zod is imported as a namespace (`import * as z from "zod"`) everywhere the agent reaches,
    // protocol included: esbuild then keeps only what is used. `import { z }` keeps all of zod,
    // its 40 locales and JSON-schema code (580 kB of source, about 7 MB of RSS once loaded).
    minifyWhitespace: true,
    minifySyntax: true,
    charset: "ascii",
    logLevel: "warning",
    metafile: true,
  });
  // Input paths are relative to the working directory; a package is its last node_modules/<name>.
  const dirs = Object.keys(result.metafile.inputs).flatMap((input) => {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    return m?.[1] ? [path.resolve(m[1])] : [];
  });
  const inputs = Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs).flatMap(([input, { bytesInOutput }]) => (bytesInOutput > 0 ? [input] : [])),
  );
  return { packageDirs: [...new Set(dirs)].sort(), inputs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outfile = path.resolve(process.argv[2] ?? path.join(AGENT_DIR, "dist/rigshift-agent.cjs"));
  await bundleAgent(outfile);
  process.stdout.write(`built ${outfile}\n`);
}
