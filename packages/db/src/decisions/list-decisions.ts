import type { Database } from "../client";
import { microToUsd } from "../money/usd";
import { containsPattern } from "../sql-like";
import { readAlternatives } from "./alternatives";
import type { TDecision, TDecisionQuery } from "./types";

/**
 * The decision log, newest first, paged by keyset on the id (the table grows by one row per rig
 * per epoch: OFFSET paging and exact counts would not stay fast). Returns `next`: the cursor of
 * the following page, or null at the end. SQL, not the ORM: Decision has no foreign keys
 * (prisma/schema.prisma), so the ORM has no relation to its rig to join or filter by.
 */
export async function listDecisions({ db, query }: { db: Database; query: TDecisionQuery }): Promise<{ rows: TDecision[]; next: string | null }> {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (query.rigId !== undefined) where.push(`d."rigId" = ${param(query.rigId)}`);
  if (query.hostname) where.push(`r.hostname ILIKE ${param(containsPattern(query.hostname))}`);
  if (query.mode) where.push(`d.mode = ${param(query.mode)}::"WorkMode"`);
  if (query.reason) {
    const pattern = param(containsPattern(query.reason));
    where.push(`(d.reason ILIKE ${pattern} OR d."reasonCode" ILIKE ${pattern})`);
  }
  if (query.changedOnly) where.push("d.changed");
  if (query.from) where.push(`d.at >= ${param(query.from)}`);
  if (query.to) where.push(`d.at < ${param(query.to)}`);
  if (query.before !== undefined) where.push(`d.id < ${param(query.before.toString())}::bigint`);
  const { rows } = await db.pool.query<{
    id: string;
    at: Date;
    rigId: number;
    hostname: string;
    siteCode: string;
    mode: TDecision["mode"];
    workload: string | null;
    jobIds: number[];
    expected: string;
    revenue: string;
    energy: string;
    powerW: number;
    reasonCode: string;
    reason: string;
    changed: boolean;
    alternatives: unknown;
  }>(
    `SELECT d.id::text AS id, d.at, d."rigId", r.hostname, s.code AS "siteCode", d.mode, d.workload, d."jobIds",
       d."expectedMicroUsdPerHour"::text AS expected, d."revenueMicroUsdPerHour"::text AS revenue, d."energyMicroUsdPerHour"::text AS energy,
       d."powerW", d."reasonCode", d.reason, d.changed, d.alternatives
     FROM "Decision" d JOIN "Rig" r ON r.id = d."rigId" JOIN "Site" s ON s.id = r."siteId"
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY d.id DESC LIMIT ${param(query.limit + 1)}`,
    values,
  );
  const page = rows.slice(0, query.limit);
  return {
    rows: page.map((d) => ({
      id: d.id,
      at: d.at.toISOString(),
      rigId: d.rigId,
      hostname: d.hostname,
      siteCode: d.siteCode,
      mode: d.mode,
      workload: d.workload,
      jobIds: d.jobIds,
      profitUsdPerHour: microToUsd(BigInt(d.expected)),
      revenueUsdPerHour: microToUsd(BigInt(d.revenue)),
      energyUsdPerHour: microToUsd(BigInt(d.energy)),
      powerW: d.powerW,
      reasonCode: d.reasonCode,
      reason: d.reason,
      changed: d.changed,
      alternatives: readAlternatives(d.alternatives),
    })),
    next: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
