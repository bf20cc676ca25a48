/**
 * What the fault tests count, from the agents and from Postgres: samples sent (taken by the
 * agents), acknowledged, stored, and duplicates; and the scheduler's history: epochs, decisions,
 * placements and desired-state generations, checked for the invariants in ARCHITECTURE.md.
 */
import type { Database } from "@rigshift/db";
import { sleep } from "../../lib/services";
import { GPUS_PER_RIG, type TFleet } from "./fleet";

export interface TTally {
  /** Samples the agents took. */
  sent: number;
  /** Samples in batches acknowledged as newly stored (a redelivery acknowledged as a duplicate counts once). */
  acked: number;
  /** Distinct (rig, at) rows in RigSample. */
  stored: number;
  /** Samples the server accepted under more than one batch id: stored twice but for the primary key. */
  duplicates: number;
  duplicateAcks: number;
  deviceRows: number;
  /** Rigs whose stored samples differ from those they took. */
  rigsOff: { rigId: number; taken: number; stored: number }[];
}

export async function tally(db: Database, fleet: TFleet): Promise<TTally> {
  const ids = fleet.rigIds();
  const stored = await db.pool.query<{ rigId: number; n: number }>(`SELECT "rigId", count(*)::int n FROM "RigSample" WHERE "rigId" = ANY($1) GROUP BY 1`, [ids]);
  const accepted = await db.pool.query<{ n: number }>(`SELECT coalesce(sum("sampleCount"), 0)::int n FROM "TelemetryBatch" WHERE "rigId" = ANY($1)`, [ids]);
  const devices = await db.pool.query<{ n: number }>(`SELECT count(*)::int n FROM "DeviceSample" WHERE "rigId" = ANY($1)`, [ids]);
  const byRig = new Map(stored.rows.map((r) => [r.rigId, r.n]));
  const storedTotal = stored.rows.reduce((n, r) => n + r.n, 0);
  return {
    sent: fleet.rigs.reduce((n, r) => n + r.agent.stats.samplesTaken, 0),
    acked: fleet.rigs.reduce((n, r) => n + r.agent.stats.samplesAcked, 0),
    stored: storedTotal,
    duplicates: accepted.rows[0]!.n - storedTotal,
    duplicateAcks: fleet.rigs.reduce((n, r) => n + r.agent.stats.duplicateAcks, 0),
    deviceRows: devices.rows[0]!.n,
    rigsOff: fleet.rigs.map((r) => ({ rigId: r.agent.rigId!, taken: r.agent.stats.samplesTaken, stored: byRig.get(r.agent.rigId!) ?? 0 })).filter((r) => r.taken !== r.stored),
  };
}

/** Every sample taken is stored once, with its device readings, and nothing acknowledged is missing. */
export function storedExactlyOnce(t: TTally) {
  return t.rigsOff.length === 0 && t.stored === t.sent && t.duplicates === 0 && t.acked <= t.stored && t.deviceRows === t.stored * GPUS_PER_RIG;
}

export const line = (what: string, t: TTally, extra = "") =>
  `[faults] ${what}: sent ${t.sent}, acked ${t.acked} (+${t.duplicateAcks} duplicate acks), stored ${t.stored}, duplicates ${t.duplicates}${extra ? `; ${extra}` : ""}`;

export interface TPlanHistory {
  runs: { id: number; epochStart: Date; startedAt: Date; workerId: string; finishedAt: Date | null; decisions: number }[];
  /** (run, rig) pairs decided more than once: a run applied twice. */
  repeatedDecisions: number;
  /** Pairs of placements of one job whose times overlap: one job on two rigs (or twice on one). */
  jobOverlaps: number;
  /** Pairs of placements sharing a GPU of one rig at overlapping times. */
  gpuOverlaps: number;
  /** Rigs whose generation is not 1 + the decisions that changed their work. */
  generationDrift: { rigId: number; generation: number; changedDecisions: number }[];
}

export async function planHistory(db: Database, rigIds: number[]): Promise<TPlanHistory> {
  const runs = await db.pool.query(
    `SELECT r.id, r."epochStart", r."startedAt", r."workerId", r."finishedAt", count(d.id)::int decisions
     FROM "SchedulerRun" r LEFT JOIN "Decision" d ON d."runId" = r.id GROUP BY r.id ORDER BY r."epochStart"`,
  );
  const repeated = await db.pool.query(`SELECT count(*)::int n FROM (SELECT 1 FROM "Decision" GROUP BY "runId", "rigId" HAVING count(*) > 1) x`);
  const during = (a: string) => `tstzrange(${a}."startedAt", coalesce(${a}."endedAt", 'infinity'), '[)')`;
  const jobs = await db.pool.query(`SELECT count(*)::int n FROM "Placement" a JOIN "Placement" b ON a."jobId" = b."jobId" AND a.id < b.id AND ${during("a")} && ${during("b")}`);
  const gpus = await db.pool.query(
    `SELECT count(*)::int n FROM "Placement" a JOIN "Placement" b ON a."rigId" = b."rigId" AND a.id < b.id AND a."gpuIndices" && b."gpuIndices" AND ${during("a")} && ${during("b")}`,
  );
  const generations = await db.pool.query<{ rigId: number; generation: number; changedDecisions: number }>(
    `SELECT s."rigId", s.generation, (SELECT count(*)::int FROM "Decision" d WHERE d."rigId" = s."rigId" AND d.changed) "changedDecisions"
     FROM "DesiredState" s WHERE s."rigId" = ANY($1)`,
    [rigIds],
  );
  return {
    runs: runs.rows,
    repeatedDecisions: repeated.rows[0].n,
    jobOverlaps: jobs.rows[0].n,
    gpuOverlaps: gpus.rows[0].n,
    generationDrift: generations.rows.filter((g) => g.generation !== 1 + g.changedDecisions),
  };
}

/** Polls the rigs' desired-state generations; `stop()` returns each rig's sequence of distinct values as seen. */
export function watchGenerations(db: Database, rigIds: number[], everyMs = 200) {
  const seen = new Map<number, number[]>(rigIds.map((id) => [id, []]));
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const { rows } = await db.pool.query<{ rigId: number; generation: number }>(`SELECT "rigId", generation FROM "DesiredState" WHERE "rigId" = ANY($1)`, [rigIds]);
        for (const r of rows) {
          const list = seen.get(r.rigId)!;
          if (list.at(-1) !== r.generation) list.push(r.generation);
        }
      } catch {
        // Postgres away: nothing to see this round
      }
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}

/** Sequences that ever went down: a rig told an older state after a newer one. */
export const wentBack = (seen: Map<number, number[]>) => [...seen].filter(([, gens]) => gens.some((g, i) => i > 0 && g < gens[i - 1]!)).map(([rigId]) => rigId);

export async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number, state: () => unknown = () => "") {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} ${JSON.stringify(state())}`);
    await sleep(100);
  }
}
