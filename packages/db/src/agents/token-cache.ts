/**
 * A short-lived in-process cache of agent-token lookups, so that a rig reporting every few
 * seconds does not cost a database query per request. Only successful lookups are cached, by the
 * token's hash, for `ttlMs`: a revoked token stops working within that time on every web instance.
 */
import type { DbOrTx } from "../client";
import { hashToken } from "../tokens";
import { authenticateRig, type TAuthenticatedRig } from "./authenticate";

export class RigTokenCache {
  private entries = new Map<string, { rig: TAuthenticatedRig; expiresAt: number }>();

  constructor(
    private readonly ttlMs = 15_000,
    private readonly maxEntries = 500_000,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(db: DbOrTx, token: string | undefined): Promise<TAuthenticatedRig> {
    const key = token && token.length <= 200 ? hashToken(token) : "";
    const hit = key ? this.entries.get(key) : undefined;
    if (hit && hit.expiresAt > this.now()) return hit.rig;
    const rig = await authenticateRig({ db, token });
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { rig, expiresAt: this.now() + this.ttlMs });
    return rig;
  }
}
