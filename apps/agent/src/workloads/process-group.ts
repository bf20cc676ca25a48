/**
 * Process groups of command workloads, through Linux's /proc. A workload runs in its own
 * group (the agent spawns it detached), so stopping it reaches its children too. Zombies
 * count as gone: pid 1 in a container may never reap an orphan, and a zombie runs nothing.
 */
import { readdirSync, readFileSync } from "node:fs";

export interface TProcStat {
  pid: number;
  /** One-letter state: R, S, D, Z, ... */
  state: string;
  pgrp: number;
  /** Start time after boot, in clock ticks: with the boot id, tells a reused pid apart. */
  startTime: string;
}

/** Parses /proc/<pid>/stat; the command name may contain spaces and parentheses, so split after the last ')'. */
export function parseProcStat(text: string): TProcStat | undefined {
  const close = text.lastIndexOf(")");
  const pid = Number.parseInt(text, 10);
  if (close < 0 || !Number.isInteger(pid)) return undefined;
  const fields = text.slice(close + 2).split(" ");
  // Fields after the name, counting from 3 (state): pgrp is field 5, starttime field 22.
  const state = fields[0];
  const pgrp = Number(fields[2]);
  const startTime = fields[19];
  if (!state || !Number.isInteger(pgrp) || !startTime) return undefined;
  return { pid, state, pgrp, startTime };
}

export function procStat(pid: number): TProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** This boot's id; undefined where /proc does not have it (not Linux). */
export function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return undefined;
  }
}

const gone = (state: string) => state === "Z" || state === "X";

/** Whether any live (non-zombie) process is in the group. */
export function groupAlive(pgid: number): boolean {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((n) => /^\d+$/.test(n));
  } catch {
    // No /proc: ask the kernel (zombies count as alive here).
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return pids.some((p) => {
    const stat = procStat(Number(p));
    return stat !== undefined && stat.pgrp === pgid && !gone(stat.state);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

async function waitGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/** SIGTERM to the group, SIGKILL after `timeoutMs`; resolves true once nothing of it runs. */
export async function stopGroup(pgid: number, timeoutMs: number): Promise<boolean> {
  if (!groupAlive(pgid)) return true;
  signalGroup(pgid, "SIGTERM");
  if (await waitGone(pgid, timeoutMs)) return true;
  signalGroup(pgid, "SIGKILL");
  return waitGone(pgid, 5_000);
}
