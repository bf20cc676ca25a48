/**
 * Thins the decision log once it is older than the detail period. The scheduler decides every rig
 * every epoch: at 60 s epochs that is 1,440 rows per rig a day (14.4M a day at 10k rigs, 144M at
 * 100k), nearly all of them "keep doing the same, for the same reason". Within the detail period
 * every decision is kept; past it, a rig's decisions keep only what the log and the ledger need:
 * - where anything of the decision changes (mode, workload, jobs, reason code): the first decision
 *   of each run of equal decisions, and the last one, and every decision that changed the desired state;
 * - the last decision of each clock hour: a decision then never stands alone for more than an hour,
 *   well inside the ledger's DECISION_SPAN.
 * The ledger (build-ledger-sql.ts) computes the same mode seconds and names the same decision per
 * rig-hour from the thinned log: runs still start where they did, and the latest decision of each
 * mode in effect during an hour is a run's last or an hour's last. Its catalogue energy (rigs without
 * power telemetry) counts a run at the planned power of its kept decisions.
 * Idempotent: thinning an hour again deletes nothing more. Tested in thin-decisions.test.ts.
 */
import type { Database } from "../client";
import { advanceRolledTo, readRolledTo } from "../housekeeping";

const HOUR_MS = 3_600_000;
/**
 * Hours thinned per call at most (an hour of a 100k-rig fleet at 60 s epochs is 6M decisions): the
 * maintenance run, every 5 minutes, keeps up with one new hour an hour and works off a backlog
 * (a first run on a long log) at 24 hours an hour.
 */
const MAX_HOURS_PER_CALL = 2;

/**
 * $1, $2: the hour to thin. The window functions see an hour either side, so that the first and
 * last decisions of the hour are compared with their neighbours.
 */
const THIN_HOUR_SQL = `
DELETE FROM "Decision" d USING (
  SELECT id FROM (
    SELECT id, at, changed,
      (mode, workload, "jobIds", "reasonCode") IS NOT DISTINCT FROM (lag(mode) OVER w, lag(workload) OVER w, lag("jobIds") OVER w, lag("reasonCode") OVER w) AS same_as_previous,
      (mode, workload, "jobIds", "reasonCode") IS NOT DISTINCT FROM (lead(mode) OVER w, lead(workload) OVER w, lead("jobIds") OVER w, lead("reasonCode") OVER w) AS same_as_next,
      lead(at) OVER w AS next_at
    FROM "Decision"
    WHERE at >= $1::timestamptz - interval '1 hour' AND at < $2::timestamptz + interval '1 hour'
    WINDOW w AS (PARTITION BY "rigId" ORDER BY at, id)
  ) x
  WHERE x.at >= $1 AND x.at < $2 AND NOT x.changed AND x.same_as_previous AND x.same_as_next AND x.next_at < $2
) t
WHERE d.id = t.id`;

/**
 * Thins the hours from where the last call stopped (RollupState "decisions"; the first call starts
 * at the oldest decision) up to `now - detailHours`, at most MAX_HOURS_PER_CALL of them. Returns
 * the decisions deleted and the hours thinned.
 */
export async function thinDecisions({ db, now, detailHours }: { db: Database; now: Date; detailHours: number }) {
  const until = Math.floor((now.getTime() - detailHours * HOUR_MS) / HOUR_MS) * HOUR_MS;
  let from = (await readRolledTo(db, "decisions"))?.getTime();
  if (from === undefined) {
    const oldest = await db.pool.query<{ at: Date | null }>(`SELECT min(at) AS at FROM "Decision"`);
    if (!oldest.rows[0]?.at) return { deleted: 0, hours: 0 };
    from = Math.floor(oldest.rows[0].at.getTime() / HOUR_MS) * HOUR_MS;
  }
  let deleted = 0;
  let hours = 0;
  for (; from < until && hours < MAX_HOURS_PER_CALL; from += HOUR_MS, hours++) {
    const { rowCount } = await db.pool.query(THIN_HOUR_SQL, [new Date(from), new Date(from + HOUR_MS)]);
    deleted += rowCount ?? 0;
    await advanceRolledTo(db, "decisions", new Date(from + HOUR_MS));
  }
  return { deleted, hours };
}
