import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { invalid, notFound } from "../errors";
import { parseUsdToMicro } from "../money/usd";
import { policyShape } from "./site-shape";

export interface TPolicyInput {
  maxInletTempC: number;
  maxGpuTempC: number;
  minDwellSeconds: number;
  hysteresisBps: number;
  /** Decimal dollars per MWh, or null for profit-based curtailment only. */
  curtailStrikeUsdPerMwh: string | null;
  fallbackMode: "MINE" | "AI" | "IDLE";
}

/** Replaces a site's scheduling policy (creating it if the site has none). */
export async function updateSitePolicy({ db, actor, siteId, policy, now }: { db: Database; actor: TActor; siteId: number; policy: TPolicyInput; now: Date }) {
  const strike = policy.curtailStrikeUsdPerMwh === null ? null : parseUsdToMicro(policy.curtailStrikeUsdPerMwh);
  if (policy.curtailStrikeUsdPerMwh !== null && strike === null)
    throw invalid("curtail strike is not a dollar amount", [{ path: "curtailStrikeUsdPerMwh", message: "a dollar amount, e.g. 85.50" }]);
  return db.prisma.$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id: siteId }, select: { id: true, code: true, policy: true } });
    if (!site) throw notFound(`site ${siteId}`);
    const data = {
      maxInletTempC: policy.maxInletTempC,
      maxGpuTempC: policy.maxGpuTempC,
      minDwellSeconds: policy.minDwellSeconds,
      hysteresisBps: policy.hysteresisBps,
      curtailStrikeMicroUsdPerMwh: strike,
      fallbackMode: policy.fallbackMode,
      updatedBy: actor.label,
    };
    const row = await tx.sitePolicy.upsert({ where: { siteId }, create: { siteId, ...data }, update: data });
    const after = policyShape(row);
    await recordAudit(tx, { actor, action: "site.policy_update", targetType: "site", targetId: siteId, before: site.policy && policyShape(site.policy), after, at: now });
    return after;
  });
}
