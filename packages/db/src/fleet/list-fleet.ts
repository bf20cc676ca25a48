import type { DbOrTx } from "../client";
import { connectivityOf, type TConnectivity, type TConnectivityThresholds } from "./connectivity";
import type { TFleetRig, TFleetSite } from "./types";

/** The fleet page's data: every site with its rigs' latest state. Reads RigState, never history. */
export async function listFleet({ db, now, thresholds }: { db: DbOrTx; now: Date; thresholds: TConnectivityThresholds }): Promise<TFleetSite[]> {
  const sites = await db.site.findMany({
    orderBy: { code: "asc" },
    select: {
      id: true,
      code: true,
      name: true,
      powerCapKw: true,
      rigs: {
        where: { lifecycle: { not: "RETIRED" } },
        orderBy: { hostname: "asc" },
        select: {
          id: true,
          hostname: true,
          kind: true,
          model: true,
          lifecycle: true,
          lastSeenAt: true,
          _count: { select: { devices: true } },
          state: { select: { mode: true, workload: true, powerW: true, maxTempC: true, avgUtilPct: true, hashrateHs: true } },
          desiredState: { select: { mode: true } },
        },
      },
    },
  });
  return sites.map((site) => {
    const counts: Record<TConnectivity, number> = { online: 0, stale: 0, offline: 0, never: 0 };
    let powerNowW = 0;
    const rigs = site.rigs.map((r): TFleetRig => {
      const connectivity = connectivityOf(r.lastSeenAt, now, thresholds);
      counts[connectivity] += 1;
      if ((connectivity === "online" || connectivity === "stale") && r.state?.powerW) powerNowW += r.state.powerW;
      return {
        id: r.id,
        hostname: r.hostname,
        kind: r.kind,
        model: r.model,
        lifecycle: r.lifecycle,
        connectivity,
        lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
        mode: r.state?.mode ?? null,
        workload: r.state?.workload ?? null,
        desiredMode: r.desiredState?.mode ?? null,
        powerW: r.state?.powerW ?? null,
        maxTempC: r.state?.maxTempC ?? null,
        avgUtilPct: r.state?.avgUtilPct ?? null,
        hashrateHs: r.state?.hashrateHs ?? null,
        deviceCount: r._count.devices,
      };
    });
    return { id: site.id, code: site.code, name: site.name, powerCapKw: site.powerCapKw, powerNowKw: powerNowW / 1000, counts, rigs };
  });
}
