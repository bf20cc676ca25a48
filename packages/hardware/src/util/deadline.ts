export type TDeadlineResult<T> = { status: "done"; value: T } | { status: "failed"; error: unknown } | { status: "timeout" };

/**
 * Waits for `work` at most `timeoutMs`. The work itself cannot be cancelled (a systeminformation
 * call runs its command to the end); the caller just stops waiting. Never rejects.
 */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<TDeadlineResult<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ status: "timeout" }), timeoutMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve({ status: "done", value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ status: "failed", error });
      },
    );
  });
}

/**
 * Runs `start` only when the previous call has settled: a command that hangs (df on a dead
 * NFS mount) is not started again on every read while the first is still stuck.
 */
export function singleFlight<T>(start: () => Promise<T>, now: () => number = Date.now) {
  let pending: { since: number; work: Promise<T> } | undefined;
  return {
    /** The running call, or `busySince` (unix ms) when an earlier one has not finished. */
    call(): { work: Promise<T> } | { busySince: number } {
      if (pending) return { busySince: pending.since };
      const work = start();
      const current = { since: now(), work };
      pending = current;
      const release = () => {
        if (pending === current) pending = undefined;
      };
      work.then(release, release);
      return { work };
    },
  };
}
