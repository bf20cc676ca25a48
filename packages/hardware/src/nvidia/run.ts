import { type ChildProcess, type ExecFileException, execFile } from "node:child_process";
import type { TProbeProblem } from "../backend";
import { type TNvidiaSmiReport, UnparseableOutputError } from "./types";
import { parseNvidiaSmiXml } from "./xml";

const SOURCE = "nvidia-smi";

export type TNvidiaSmiResult = { ok: true; report: TNvidiaSmiReport } | { ok: false; problem: TProbeProblem };

export interface TNvidiaSmiProbeOptions {
  /** Executable to run; default "nvidia-smi" from PATH. */
  path?: string;
  /** Hard limit per run, ms: the result is a timeout problem at this deadline whatever the child does. */
  timeoutMs?: number;
  /** Largest output accepted, bytes (a rig with 16 GPUs prints about 1 MB of XML). */
  maxBufferBytes?: number;
  /** Signal sent at the deadline. Tests use one a fake can ignore, to play a process stuck in D state. */
  killSignal?: NodeJS.Signals;
  /** Clock, unix ms. */
  now?: () => number;
}

export interface NvidiaSmiProbe {
  /** Runs `nvidia-smi -q -x` once. Never rejects. */
  run(): Promise<TNvidiaSmiResult>;
  /** The last successful report and when it was taken (unix ms), for freshness. */
  lastGood(): { at: number; report: TNvidiaSmiReport } | undefined;
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0]?.slice(0, 300) ?? "";
}

function problem(kind: TProbeProblem["kind"], message: string): TNvidiaSmiResult {
  return { ok: false, problem: { source: SOURCE, kind, message } };
}

function failure(error: ExecFileException, stdout: string, stderr: string, path: string, timeoutMs: number): TNvidiaSmiResult {
  if (error.code === "ENOENT") return problem("missing", `nvidia-smi not found at "${path}"`);
  if (error.code === "EACCES") return problem("error", `nvidia-smi at "${path}" is not executable`);
  if (error.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return problem("error", "nvidia-smi printed more than the output limit");
  if (error.killed || error.signal) return problem("timeout", `nvidia-smi did not finish within ${timeoutMs} ms and was killed`);
  // nvidia-smi prints its own failures ("couldn't communicate with the NVIDIA driver") on stdout.
  const said = firstLine(stderr) || firstLine(stdout) || "no output";
  return problem("error", `nvidia-smi exited with code ${String(error.code)}: ${said}`);
}

function parsed(stdout: string): TNvidiaSmiResult {
  try {
    return { ok: true, report: parseNvidiaSmiXml(stdout) };
  } catch (error) {
    if (error instanceof UnparseableOutputError) {
      return problem("unparseable", `${error.message}; output began ${JSON.stringify(stdout.slice(0, 80))}`);
    }
    return problem("unparseable", `nvidia-smi output could not be read: ${String(error)}`);
  }
}

/**
 * Runs nvidia-smi without ever blocking the caller on it. On mining rigs nvidia-smi can hang
 * in uninterruptible sleep (a wedged GPU or driver) and survive even SIGKILL, so:
 * each run resolves by its deadline whatever the child does, and while an earlier child is
 * still alive no new one is started (a pile of stuck nvidia-smi processes makes things worse).
 * Output on stderr with exit code 0 is not a failure (drivers print warnings there).
 */
export function createNvidiaSmiProbe(options: TNvidiaSmiProbeOptions = {}): NvidiaSmiProbe {
  const path = options.path ?? "nvidia-smi";
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBuffer = options.maxBufferBytes ?? 16 * 1024 * 1024;
  const killSignal = options.killSignal ?? "SIGKILL";
  const now = options.now ?? Date.now;

  let alive: { child: ChildProcess; since: number } | undefined;
  let good: { at: number; report: TNvidiaSmiReport } | undefined;

  function withFreshness(result: TNvidiaSmiResult): TNvidiaSmiResult {
    if (result.ok) {
      good = { at: now(), report: result.report };
      return result;
    }
    const age = good ? `last good reading ${Math.round((now() - good.at) / 1000)} s ago` : "no good reading yet";
    return { ok: false, problem: { ...result.problem, message: `${result.problem.message}; ${age}` } };
  }

  function start(): Promise<TNvidiaSmiResult> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: TNvidiaSmiResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(withFreshness(result));
      };
      const child = execFile(path, ["-q", "-x"], { timeout: timeoutMs, killSignal, maxBuffer, encoding: "utf8", windowsHide: true }, (error, stdout, stderr) =>
        settle(error ? failure(error, stdout, stderr, path, timeoutMs) : parsed(stdout)),
      );
      const current = { child, since: now() };
      alive = current;
      const release = () => {
        if (alive === current) alive = undefined;
      };
      child.once("exit", release);
      child.once("error", release);
      // execFile's own timeout kills the child, but its callback waits for the pipes to close,
      // which a process stuck in the kernel never does: this deadline does not wait.
      const deadline = setTimeout(() => {
        child.kill(killSignal);
        settle(problem("timeout", `nvidia-smi did not finish within ${timeoutMs} ms and was killed`));
      }, timeoutMs);
    });
  }

  return {
    run() {
      if (alive) {
        const since = new Date(alive.since).toISOString();
        const pid = alive.child.pid ?? "unknown";
        return Promise.resolve(withFreshness(problem("timeout", `nvidia-smi still hung since ${since} (pid ${pid}); not starting another`)));
      }
      return start();
    },
    lastGood: () => good,
  };
}
