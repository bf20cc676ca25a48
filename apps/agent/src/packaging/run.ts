import { spawnSync } from "node:child_process";

/**
 * Runs a build tool and returns its stdout; throws with its output when it fails, and says what
 * to install when it is not there at all (never a silent skip).
 */
export function run(file: string, args: string[], options: { missing: string; cwd?: string }): string {
  const r = spawnSync(file, args, {
    cwd: options.cwd,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  // EACCES too: execvp says so when it found no such program but could not search a PATH entry.
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "EACCES") throw new Error(`${file} not found or not runnable: packaging the agent needs ${options.missing}`);
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${file} ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
