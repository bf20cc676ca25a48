/**
 * An in-process cache of agent-token lookups, so that a rig reporting every few seconds does not
 * cost a database query per request. Entries live long (a rig reports many times within
 * `ttlMs`); revocation is not left to expiry: every `sweepMs` one query fetches the tokens revoked
 * since the last sweep and evicts them, so a revoked token stops working within about `sweepMs`
 * on every instance, at the cost of one small query per instance, not one per request.
 */
import { hashToken } from "../tokens";
import { authenticateRig, type TAuthenticatedRig } from "./authenticate";
import type { Queryable } from "./ingest-sql";

/** Revocations are looked up this far back from the last sweep: clocks of instances differ a little. */
const SWEEP_OVERLAP_MS = 60_000;

export class RigTokenCache {
  private entries = new Map<string, { rig: TAuthenticatedRig; expiresAt: number }>();
  private sweptAt: number;
  private sweeping: Promise<void> | null = null;
  private readonly ttlMs: number;
  private readonly sweepMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: { ttlMs?: number; sweepMs?: number; maxEntries?: number; now?: () => number } = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.sweepMs = options.sweepMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 500_000;
    this.now = options.now ?? Date.now;
    this.sweptAt = this.now();
  }

  async authenticate(pool: Queryable, token: string | undefined): Promise<TAuthenticatedRig> {
    if (this.now() - this.sweptAt >= this.sweepMs) await this.sweep(pool);
    const key = token && token.length <= 200 ? hashToken(token) : "";
    const hit = key ? this.entries.get(key) : undefined;
    if (hit && hit.expiresAt > this.now()) return hit.rig;
    const rig = await authenticateRig({ pool, token });
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { rig, expiresAt: this.now() + this.ttlMs });
    return rig;
  }

  /** Evicts tokens revoked since the last sweep (one query, shared by concurrent callers). */
  private sweep(pool: Queryable): Promise<void> {
    this.sweeping ??= (async () => {
      const started = this.now();
      try {
        const revoked = await pool.query<{ tokenHash: string }>(`SELECT "tokenHash" FROM "AgentToken" WHERE "revokedAt" >= $1`, [new Date(this.sweptAt - SWEEP_OVERLAP_MS)]);
        for (const r of revoked.rows) this.entries.delete(r.tokenHash);
        this.sweptAt = started;
      } finally {
        this.sweeping = null;
      }
    })();
    return this.sweeping;
  }
}
