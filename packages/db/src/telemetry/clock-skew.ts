/**
 * A rig whose clock is off. Its samples carry the rig's time: within MAX_CLOCK_AHEAD_MS they are
 * stored as stamped (a few minutes off skews its charts and rollups), beyond it checkBatch
 * refuses them (422) and the rig would only look offline. Either way the operator is told: the
 * batch's `sentAt` (the rig's clock when it sent) against the server's clock, beyond a
 * tolerance, becomes a "clock.skew" event on the rig (its events list, the alert rules).
 * Healthy rigs cost no query; a skewed one at most one insert per request and one event a minute.
 */

import { MAX_CLOCK_AHEAD_MS } from "../agents/ingest";
import type { Database } from "../client";

/** Beyond this difference (ms) a rig's clock is flagged: NTP keeps rigs within milliseconds, a request takes a few seconds at worst. */
export const CLOCK_SKEW_TOLERANCE_MS = 60_000;

export interface TClockSkew {
  /** The rig's clock minus the server's, ms: positive when the rig is ahead. */
  skewMs: number;
  flagged: boolean;
}

/**
 * The rigs whose clock.skew event of the current minute this process has written: a skewed rig
 * reporting every few seconds then costs one insert a minute, not one a request (the repeats are
 * no-ops in the database anyway). Forgets everything past `maxRigs` rather than grow.
 */
export class ClockSkewNoted {
  private readonly minuteByRig = new Map<number, number>();
  constructor(private readonly maxRigs = 100_000) {}

  has(rigId: number, minute: number): boolean {
    return this.minuteByRig.get(rigId) === minute;
  }

  add(rigId: number, minute: number) {
    if (this.minuteByRig.size >= this.maxRigs) this.minuteByRig.clear();
    this.minuteByRig.set(rigId, minute);
  }
}

/** Call for every telemetry batch, before checkBatch (a refused batch still flags its rig). */
export async function noteClockSkew({ db, rigId, sentAt, now, noted }: { db: Database; rigId: number; sentAt: string; now: Date; noted?: ClockSkewNoted }): Promise<TClockSkew> {
  const skewMs = Date.parse(sentAt) - now.getTime();
  if (!Number.isFinite(skewMs) || Math.abs(skewMs) <= CLOCK_SKEW_TOLERANCE_MS) return { skewMs: Number.isFinite(skewMs) ? skewMs : 0, flagged: false };
  const minute = Math.floor(now.getTime() / 60_000);
  if (noted?.has(rigId, minute)) return { skewMs, flagged: true };
  const refused = skewMs > MAX_CLOCK_AHEAD_MS;
  const message = `the rig's clock is ${duration(Math.abs(skewMs))} ${skewMs > 0 ? "ahead of" : "behind"} the server's: check its NTP${
    refused ? `; its telemetry is refused while it is more than ${MAX_CLOCK_AHEAD_MS / 60_000} min ahead` : "; its samples are stored with the rig's times"
  }`;
  // One event per rig and minute: the id makes repeats within the minute no-ops.
  const eventId = `server:clock.skew:${minute}`;
  await db.pool.query(
    `INSERT INTO "AgentEvent" ("rigId", "eventId", at, type, severity, message, data)
     VALUES ($1, $2, $3, 'clock.skew', $4::"Severity", $5, $6::jsonb) ON CONFLICT ("rigId", "eventId") DO NOTHING`,
    [rigId, eventId, now, refused ? "CRITICAL" : "WARNING", message, JSON.stringify({ skewMs, refused })],
  );
  noted?.add(rigId, minute);
  return { skewMs, flagged: true };
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
