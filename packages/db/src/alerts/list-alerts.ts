import type { Database } from "../client";
import type { TAlert, TAlertState } from "./types";

const WHERE: Record<TAlertState, object> = {
  open: { resolvedAt: null, acknowledgedAt: null },
  acknowledged: { resolvedAt: null, acknowledgedAt: { not: null } },
  resolved: { resolvedAt: { not: null } },
};

/** Alerts in one state, newest first (critical first while unresolved), paged, with a count per state. */
export async function listAlerts({ db, state, page, pageSize }: { db: Database; state: TAlertState; page: number; pageSize: number }) {
  const orderBy = state === "resolved" ? [{ resolvedAt: "desc" as const }] : [{ severity: "desc" as const }, { openedAt: "desc" as const }];
  const [rows, total, counts] = await Promise.all([
    db.prisma.alert.findMany({ where: WHERE[state], orderBy: [...orderBy, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
    db.prisma.alert.count({ where: WHERE[state] }),
    Promise.all((["open", "acknowledged", "resolved"] as const).map((s) => db.prisma.alert.count({ where: WHERE[s] }))),
  ]);
  const rigIds = [...new Set(rows.flatMap((a) => (a.rigId === null ? [] : [a.rigId])))];
  const siteIds = [...new Set(rows.flatMap((a) => (a.siteId === null ? [] : [a.siteId])))];
  const [rigs, sites] = await Promise.all([
    db.prisma.rig.findMany({ where: { id: { in: rigIds } }, select: { id: true, hostname: true, site: { select: { code: true } } } }),
    db.prisma.site.findMany({ where: { id: { in: siteIds } }, select: { id: true, code: true } }),
  ]);
  const rigById = new Map(rigs.map((r) => [r.id, r]));
  const siteById = new Map(sites.map((s) => [s.id, s.code]));
  const alerts: TAlert[] = rows.map((a) => {
    const rig = a.rigId === null ? undefined : rigById.get(a.rigId);
    return {
      id: a.id,
      kind: a.kind,
      severity: a.severity,
      message: a.message,
      state: a.resolvedAt ? "resolved" : a.acknowledgedAt ? "acknowledged" : "open",
      openedAt: a.openedAt.toISOString(),
      acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: a.acknowledgedBy,
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
      rig: rig ? { id: rig.id, hostname: rig.hostname } : null,
      siteCode: (a.siteId === null ? undefined : siteById.get(a.siteId)) ?? rig?.site.code ?? null,
    };
  });
  return { rows: alerts, total, page, pageSize, counts: { open: counts[0]!, acknowledged: counts[1]!, resolved: counts[2]! } };
}
