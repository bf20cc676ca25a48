import type { Database } from "../client";
import { microToUsd } from "../money/usd";
import { readAlternatives } from "./alternatives";
import type { TDecision, TDecisionQuery } from "./types";

/**
 * The decision log, newest first, paged by keyset on the id (the table grows by one row per rig
 * per epoch: OFFSET paging and exact counts would not stay fast). Returns `next`: the cursor of
 * the following page, or null at the end.
 */
export async function listDecisions({ db, query }: { db: Database; query: TDecisionQuery }): Promise<{ rows: TDecision[]; next: string | null }> {
  const contains = (v: string) => ({ contains: v, mode: "insensitive" as const });
  const rows = await db.prisma.decision.findMany({
    where: {
      ...(query.rigId !== undefined ? { rigId: query.rigId } : {}),
      ...(query.hostname ? { rig: { hostname: contains(query.hostname) } } : {}),
      ...(query.mode ? { mode: query.mode } : {}),
      ...(query.reason ? { OR: [{ reason: contains(query.reason) }, { reasonCode: contains(query.reason) }] } : {}),
      ...(query.changedOnly ? { changed: true } : {}),
      ...(query.from || query.to ? { at: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
      ...(query.before !== undefined ? { id: { lt: query.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
    include: { rig: { select: { hostname: true, site: { select: { code: true } } } } },
  });
  const page = rows.slice(0, query.limit);
  return {
    rows: page.map((d) => ({
      id: d.id.toString(),
      at: d.at.toISOString(),
      rigId: d.rigId,
      hostname: d.rig.hostname,
      siteCode: d.rig.site.code,
      mode: d.mode,
      workload: d.workload,
      jobIds: d.jobIds,
      profitUsdPerHour: microToUsd(d.expectedMicroUsdPerHour),
      revenueUsdPerHour: microToUsd(d.revenueMicroUsdPerHour),
      energyUsdPerHour: microToUsd(d.energyMicroUsdPerHour),
      powerW: d.powerW,
      reasonCode: d.reasonCode,
      reason: d.reason,
      changed: d.changed,
      alternatives: readAlternatives(d.alternatives),
    })),
    next: rows.length > query.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
