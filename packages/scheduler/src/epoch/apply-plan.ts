/**
 * Writes an epoch's plan: decisions (with their explanations), placements, and new desired-state
 * generations for the rigs whose work changes. One transaction, serialised across workers by an
 * advisory lock; Placement.activeJobId (unique) makes one job on two rigs impossible regardless.
 */
import { type Database, pgTransaction } from "@rigshift/db";
import type { EnginePlan } from "../engine";
import { copyRows, type TCopyValue } from "./copy-rows";

/** Arbitrary constant: the lock every scheduler worker takes to write a plan (tests hold it to catch a worker mid-epoch). */
export const APPLY_LOCK = 7_301_734;

export interface TExtraDecision {
  rigId: number;
  mode: "MINE" | "AI" | "IDLE";
  workload: string | null;
  reasonCode: string;
  reason: string;
}

const DECISION_COLUMNS = [
  "runId",
  "rigId",
  "at",
  "mode",
  "workload",
  "jobIds",
  "expectedMicroUsdPerHour",
  "revenueMicroUsdPerHour",
  "energyMicroUsdPerHour",
  "powerW",
  "alternatives",
  "reasonCode",
  "reason",
  "changed",
] as const;

/**
 * Whole micro-USD as a plain number: exact below 2^53 (about 9 billion USD per hour), and at 100k
 * rows per epoch, with three alternatives each, cheaper than a BigInt per figure.
 */
function microInt(usd: number): number {
  if (!Number.isFinite(usd)) throw new RangeError(`applyPlan: ${usd} USD is not an amount`);
  return Math.round(usd * 1e6);
}

/** Decision.alternatives as JSON text, built directly: [{ mode, workload, jobId, microUsdPerHour (a string), rejected }]. */
function alternativesJson(alternatives: EnginePlan["decisions"][number]["alternatives"]): string {
  let json = "[";
  for (const a of alternatives) {
    if (json.length > 1) json += ",";
    json += `{"mode":${JSON.stringify(a.mode)},"workload":${JSON.stringify(a.workload ?? null)},"jobId":${JSON.stringify(a.jobId ?? null)},"microUsdPerHour":"${microInt(a.usdPerHour)}","rejected":${JSON.stringify(a.rejected ?? null)}}`;
  }
  return `${json}]`;
}

/** One Decision row per rig the engine decided, then one per rig kept for want of a price; in DECISION_COLUMNS' order. */
function* decisionRows(runId: number, at: Date, plan: EnginePlan, extra: TExtraDecision[]): Generator<TCopyValue[]> {
  const atText = at.toISOString();
  for (const d of plan.decisions) {
    yield [
      runId,
      d.rigId,
      atText,
      d.mode,
      d.workload,
      d.jobIds,
      microInt(d.expectedUsdPerHour),
      microInt(d.revenueUsdPerHour),
      microInt(d.energyUsdPerHour),
      d.powerW,
      alternativesJson(d.alternatives),
      d.reasonCode,
      d.reason,
      d.changed,
    ];
  }
  for (const e of extra) yield [runId, e.rigId, atText, e.mode, e.workload, [], 0, 0, 0, 0, "[]", e.reasonCode, e.reason, false];
}

/** A Postgres array literal of integers ("{0,1,2}"), cast to int[] in SQL. */
const intArray = (xs: readonly number[]) => `{${xs.join(",")}}`;

/**
 * Every write is one statement, whatever the fleet's size: at 100k rigs one epoch writes 100k
 * decisions (COPY) and can start thousands of placements (over arrays, unnest), which row-by-row
 * writes took minutes to do (scripts/bench/epoch.ts).
 */
export async function applyPlan({ db, runId, epochStart, plan, extra }: { db: Database; runId: number; epochStart: Date; plan: EnginePlan; extra: TExtraDecision[] }) {
  return pgTransaction(db, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [APPLY_LOCK]);
    // A run taken over from a killed worker may have written its decisions already. Decision.at is
    // the epoch start: the at index finds them (there is no index on runId, and the table grows by
    // one row per rig per epoch).
    await client.query(`DELETE FROM "Decision" WHERE at = $2 AND "runId" = $1`, [runId, epochStart]);
    await copyRows({ client, table: "Decision", columns: DECISION_COLUMNS, rows: decisionRows(runId, epochStart, plan, extra) });

    // Placements: end the ones the plan no longer has, start the new ones. Only rigs the engine
    // decided are touched: a rig it did not see (a site without a price) keeps its jobs.
    const planned = new Map(plan.placements.map((p) => [p.jobId, p]));
    const decided = plan.decisions.map((d) => d.rigId);
    const { rows: active } = await client.query<{ id: number; jobId: number; rigId: number; gpuIndices: number[] }>(
      `SELECT id, "jobId", "rigId", "gpuIndices" FROM "Placement" WHERE "endedAt" IS NULL AND "rigId" = ANY($1::int[])`,
      [decided],
    );
    const now = new Date();
    const ended: { id: number; reason: string }[] = [];
    const requeued: number[] = [];
    for (const a of active) {
      const p = planned.get(a.jobId);
      if (p && p.rigId === a.rigId && sameGpus(p.gpuIndices, a.gpuIndices)) {
        planned.delete(a.jobId);
        continue;
      }
      ended.push({ id: a.id, reason: p ? "moved" : "preempted" });
      if (!p) requeued.push(a.jobId);
    }
    if (ended.length) {
      await client.query(
        `UPDATE "Placement" p SET "endedAt" = $3, "activeJobId" = NULL, "endReason" = x.reason FROM unnest($1::int[], $2::text[]) AS x(id, reason) WHERE p.id = x.id`,
        [ended.map((e) => e.id), ended.map((e) => e.reason), now],
      );
    }
    if (requeued.length) await client.query(`UPDATE "AiJob" SET status = 'QUEUED' WHERE id = ANY($1::int[]) AND status IN ('PLACED', 'RUNNING')`, [requeued]);
    const starts = [...planned.values()];
    if (starts.length) {
      await client.query(
        `INSERT INTO "Placement" ("jobId", "rigId", "gpuIndices", "activeJobId", "startedAt")
         SELECT x.job, x.rig, x.gpus::int[], x.job, $4 FROM unnest($1::int[], $2::int[], $3::text[]) AS x(job, rig, gpus)`,
        [starts.map((p) => p.jobId), starts.map((p) => p.rigId), starts.map((p) => intArray(p.gpuIndices)), now],
      );
      await client.query(`UPDATE "AiJob" SET status = 'PLACED' WHERE id = ANY($1::int[]) AND status = 'QUEUED'`, [starts.map((p) => p.jobId)]);
    }

    // Desired states: a new generation only where the work changes.
    const byRig = new Map(plan.placements.map((p) => [p.rigId, [] as { jobId: number; gpuIndices: number[] }[]]));
    for (const p of plan.placements) byRig.get(p.rigId)?.push({ jobId: p.jobId, gpuIndices: p.gpuIndices });
    const changed = plan.decisions.filter((d) => d.changed);
    if (changed.length) {
      await client.query(
        `INSERT INTO "DesiredState" ("rigId", generation, mode, workload, jobs, source, params, "updatedAt")
         SELECT x.rig, 1, x.mode::"WorkMode", x.workload, x.jobs::jsonb, x.source::"DesiredStateSource", '{}'::jsonb, $6
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(rig, mode, workload, jobs, source)
         ON CONFLICT ("rigId") DO UPDATE SET generation = "DesiredState".generation + 1, mode = EXCLUDED.mode, workload = EXCLUDED.workload,
           jobs = EXCLUDED.jobs, source = EXCLUDED.source, params = EXCLUDED.params, "updatedAt" = EXCLUDED."updatedAt"`,
        [
          changed.map((d) => d.rigId),
          changed.map((d) => d.mode),
          changed.map((d) => d.workload),
          changed.map((d) => JSON.stringify(byRig.get(d.rigId) ?? [])),
          // A pinned rig's state is the operator's choice, carried out by the scheduler.
          changed.map((d) => (d.reasonCode === "PINNED" ? "OPERATOR" : "SCHEDULER")),
          now,
        ],
      );
    }
    return { changes: changed.length };
  });
}

function sameGpus(a: number[], b: number[]) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
