/**
 * systemd's notify protocol (Type=notify): READY=1 once started, WATCHDOG=1 every half
 * WatchdogSec while the report loop is alive, STOPPING=1 on shutdown. Node has no unix datagram
 * sockets, so each message goes through the `systemd-notify` binary with --pid=<our pid>: the
 * message then counts as ours (the unit has NotifyAccess=all for the non-root case, where the
 * kernel will not let systemd-notify claim our pid). Every call has a deadline and nothing
 * waits on it: a wedged systemd-notify never stalls the agent, it only misses a ping.
 */
import { type ChildProcess, execFile } from "node:child_process";
import type { Logger } from "./log";

export interface TSdNotifyOptions {
  /** $NOTIFY_SOCKET; undefined: not run by systemd, every call is a no-op. */
  socket: string | undefined;
  /** $WATCHDOG_USEC: the unit's WatchdogSec in microseconds; undefined or 0: no watchdog. */
  watchdogUsec: number | undefined;
  /** Our pid, named to systemd as the sender. */
  pid: number;
  /** Environment for systemd-notify (PATH); NOTIFY_SOCKET is added. */
  env: Record<string, string | undefined>;
  /** Pinged only while this says so: a stuck agent stops pinging and systemd restarts it. */
  isAlive: () => boolean;
  log: Logger;
  /** The systemd-notify executable. */
  bin?: string;
  /** Deadline per systemd-notify run, ms. */
  timeoutMs?: number;
}

export class SdNotifier {
  private timer: NodeJS.Timeout | null = null;
  private pending: ChildProcess | null = null;
  /** Messages sent, in order (for tests and logs). */
  readonly sent: string[] = [];

  constructor(private readonly options: TSdNotifyOptions) {}

  get enabled(): boolean {
    return !!this.options.socket;
  }

  /** The ping interval: half the watchdog timeout, ms; null without a watchdog. */
  get watchdogIntervalMs(): number | null {
    const usec = this.options.watchdogUsec;
    return this.enabled && usec && usec > 0 ? Math.max(500, Math.floor(usec / 2000)) : null;
  }

  /** Sends READY=1 and starts the watchdog pings. */
  start(): void {
    this.send("READY=1");
    const every = this.watchdogIntervalMs;
    if (every === null) return;
    this.timer = setInterval(() => {
      if (this.options.isAlive()) this.send("WATCHDOG=1");
      else this.options.log.log("error", "report loop is stuck: withholding the watchdog ping so that systemd restarts the agent");
    }, every);
    this.timer.unref();
  }

  /** Stops pinging (a ping still hanging is killed) and sends STOPPING=1, waiting for it at most the deadline. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.pending?.kill("SIGKILL");
    await this.send("STOPPING=1", true);
  }

  /**
   * Runs systemd-notify once. A ping is skipped while the previous run is still alive (no pile of
   * stuck children); READY and STOPPING always go. Resolves when it ended or hit its deadline.
   */
  send(message: string, always = message !== "WATCHDOG=1"): Promise<void> {
    const { socket, pid, env, log } = this.options;
    if (!socket) return Promise.resolve();
    if (this.pending && !always) {
      log.log("warn", "systemd-notify still running; ping skipped", { message });
      return Promise.resolve();
    }
    this.sent.push(message);
    return new Promise((resolve) => {
      const timeoutMs = this.options.timeoutMs ?? 5_000;
      const child = execFile(
        this.options.bin ?? "systemd-notify",
        [`--pid=${pid}`, message],
        { env: { ...env, NOTIFY_SOCKET: socket }, timeout: timeoutMs, killSignal: "SIGKILL", windowsHide: true },
        (error, _stdout, stderr) => {
          if (error)
            log.log("warn", "systemd-notify failed", { message, error: error.killed ? `no answer within ${timeoutMs} ms` : (stderr.trim() || error.message).slice(0, 300) });
          clearTimeout(deadline);
          resolve();
        },
      );
      this.pending = child;
      child.once("exit", () => {
        if (this.pending === child) this.pending = null;
      });
      child.once("error", () => {
        if (this.pending === child) this.pending = null;
      });
      // execFile's callback waits for the pipes to close; this one does not.
      const deadline = setTimeout(resolve, timeoutMs + 100);
      deadline.unref();
    });
  }
}
