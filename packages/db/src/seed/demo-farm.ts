/**
 * The demo farm: three sites and 240 rigs (ASICs and 8-GPU rigs of several models, from the
 * shipped catalogue). The rigs themselves appear when their simulated agents enroll; this seeds
 * the sites, their policies, and one-time enrollment tokens for the agents that need one.
 */
import type { TRigKind } from "@rigshift/protocol";
import { createEnrollmentToken } from "../agents/enrollment-tokens";
import type { DbOrTx } from "../client";

export interface TDemoSite {
  code: string;
  name: string;
  timezone: string;
  marketZone: string;
  powerCapKw: number;
  coolingCapacityKw: number;
  pue: number;
  groups: { prefix: string; kind: TRigKind; model: string; count: number; gpus: number }[];
}

export const DEMO_SITES: TDemoSite[] = [
  {
    code: "TX-1",
    name: "Pecos, Texas",
    timezone: "America/Chicago",
    marketZone: "ERCOT:HB_SOUTH",
    powerCapKw: 900,
    coolingCapacityKw: 850,
    pue: 1.06,
    groups: [
      { prefix: "tx1-s21xph", kind: "ASIC", model: "S21 XP Hyd", count: 90, gpus: 0 },
      { prefix: "tx1-g3090", kind: "GPU_RIG", model: "RTX 3090", count: 30, gpus: 8 },
    ],
  },
  {
    code: "TX-2",
    name: "Rockdale, Texas",
    timezone: "America/Chicago",
    marketZone: "ERCOT:HB_SOUTH",
    powerCapKw: 420,
    coolingCapacityKw: 400,
    pue: 1.12,
    groups: [
      { prefix: "tx2-s21pro", kind: "ASIC", model: "S21 Pro", count: 60, gpus: 0 },
      { prefix: "tx2-g4090", kind: "GPU_RIG", model: "RTX 4090", count: 20, gpus: 8 },
    ],
  },
  {
    code: "TX-3",
    name: "Abilene, Texas",
    timezone: "America/Chicago",
    marketZone: "ERCOT:HB_SOUTH",
    powerCapKw: 250,
    coolingCapacityKw: 240,
    pue: 1.25,
    groups: [
      { prefix: "tx3-a100", kind: "GPU_RIG", model: "A100 SXM4 80 GB", count: 10, gpus: 8 },
      { prefix: "tx3-a5000", kind: "GPU_RIG", model: "RTX A5000", count: 30, gpus: 8 },
    ],
  },
];

export interface TDemoRig {
  hostname: string;
  siteCode: string;
  kind: TRigKind;
  model: string;
  gpus: number;
}

export function demoRigs(): TDemoRig[] {
  return DEMO_SITES.flatMap((site) =>
    site.groups.flatMap((g) =>
      Array.from({ length: g.count }, (_, i) => ({ hostname: `${g.prefix}-${String(i + 1).padStart(3, "0")}`, siteCode: site.code, kind: g.kind, model: g.model, gpus: g.gpus })),
    ),
  );
}

export async function seedDemoSites({ db }: { db: DbOrTx }) {
  const ids = new Map<string, number>();
  for (const s of DEMO_SITES) {
    const data = { name: s.name, timezone: s.timezone, marketZone: s.marketZone, powerCapKw: s.powerCapKw, coolingCapacityKw: s.coolingCapacityKw, pue: s.pue };
    const row = await db.site.upsert({ where: { code: s.code }, create: { code: s.code, ...data }, update: {}, select: { id: true } });
    await db.sitePolicy.upsert({ where: { siteId: row.id }, create: { siteId: row.id }, update: {} });
    ids.set(s.code, row.id);
  }
  return ids;
}

/** One-time enrollment tokens for the given demo hostnames (those whose agent has no rig token yet). */
export async function issueDemoEnrollmentTokens({ db, hostnames, now }: { db: DbOrTx; hostnames: string[]; now: Date }) {
  const siteIds = await seedDemoSites({ db });
  const byHost = new Map(demoRigs().map((r) => [r.hostname, r]));
  const tokens = new Map<string, string>();
  for (const hostname of hostnames) {
    const rig = byHost.get(hostname);
    if (!rig) continue;
    const siteId = siteIds.get(rig.siteCode);
    if (siteId === undefined) continue;
    const t = await createEnrollmentToken({ db, siteId, label: `demo ${hostname}`, createdBy: "demo", now, ttlSeconds: 3600 });
    tokens.set(hostname, t.token);
  }
  return tokens;
}
