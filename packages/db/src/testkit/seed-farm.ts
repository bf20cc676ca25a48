/**
 * Seeds for dashboard tests and the e2e farm: rigs with devices, latest state, desired state and
 * an agent token, written directly (no agent), plus history made with generate_series.
 * Test-only: never imported by the app.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../client";
import { hashToken, newToken, tokenPrefix } from "../tokens";

export interface TRigSpec {
  siteId: number;
  hostname: string;
  kind?: "GPU_RIG" | "ASIC";
  model?: string;
  /** GPUs (or hashboards for an ASIC). */
  devices?: number;
  /** Reported mode; null: no RigState row. */
  mode?: "MINE" | "AI" | "IDLE" | null;
  /** Seconds since the last report (negative: ahead of now); null: never reported. */
  lastSeenAgoSeconds?: number | null;
  lifecycle?: "ACTIVE" | "MAINTENANCE";
  powerW?: number;
  maxTempC?: number;
  healthy?: boolean;
  tags?: string[];
}

export const TEST_WORKLOADS = [
  { key: "rvn-kawpow", mode: "MINE", params: {} },
  { key: "pytorch", mode: "AI", params: {} },
];

export async function seedRig(db: Database, spec: TRigSpec, now = new Date()) {
  const kind = spec.kind ?? "GPU_RIG";
  const mode = spec.mode === undefined ? "MINE" : spec.mode;
  const seen = spec.lastSeenAgoSeconds === undefined ? 5 : spec.lastSeenAgoSeconds;
  const workload = mode === "MINE" ? (kind === "ASIC" ? "btc-sha256" : "rvn-kawpow") : mode === "AI" ? "pytorch" : null;
  const rig = await db.prisma.rig.create({
    data: {
      siteId: spec.siteId,
      hostname: spec.hostname,
      kind,
      model: spec.model ?? (kind === "ASIC" ? "S21 Pro" : "RTX 3090"),
      tags: spec.tags ?? [],
      lifecycle: spec.lifecycle ?? "ACTIVE",
      lastSeenAt: seen === null ? null : new Date(now.getTime() - seen * 1000),
      enrolledAt: new Date(now.getTime() - 30 * 24 * 3600_000),
      workloads: kind === "ASIC" ? [{ key: "btc-sha256", mode: "MINE", params: {} }] : TEST_WORKLOADS,
      agentVersion: "test",
      devices: {
        create: Array.from({ length: spec.devices ?? (kind === "ASIC" ? 3 : 4) }, (_, index) => ({
          index,
          kind: kind === "ASIC" ? ("HASHBOARD" as const) : ("GPU" as const),
          model: spec.model ?? (kind === "ASIC" ? "S21 Pro" : "RTX 3090"),
          vramMb: kind === "ASIC" ? null : 24576,
        })),
      },
      desiredState: { create: { mode: mode ?? "MINE", workload: workload ?? (mode === null ? "rvn-kawpow" : null), source: "DEFAULT" } },
    },
    select: { id: true, devices: { select: { id: true, index: true }, orderBy: { index: "asc" } } },
  });
  if (mode !== null) {
    await db.prisma.rigState.create({
      data: {
        rigId: rig.id,
        at: new Date(now.getTime() - Math.max(0, seen ?? 0) * 1000),
        powerW: spec.powerW ?? 2000,
        maxTempC: spec.maxTempC ?? 65,
        avgUtilPct: mode === "IDLE" ? 0 : 98,
        hashrateHs: mode === "MINE" ? (kind === "ASIC" ? 200e12 : 240e6) : null,
        mode,
        workload,
        appliedGeneration: 1,
        healthy: spec.healthy ?? true,
      },
    });
  }
  const token = newToken("agent");
  await db.prisma.agentToken.create({ data: { rigId: rig.id, prefix: tokenPrefix(token), tokenHash: hashToken(token) } });
  return { id: rig.id, deviceIds: rig.devices.map((d) => d.id), agentToken: token };
}

/**
 * Telemetry history for one rig: a sample every `stepSeconds` over [from, to), power around
 * `powerW` (split evenly over the devices), device temperature around `tempC`, with a gentle wave.
 */
export async function seedHistory(
  db: Database,
  h: { rigId: number; deviceIds: number[]; from: Date; to: Date; stepSeconds: number; powerW: number; tempC: number; hashrateHs?: number },
) {
  const wave = `sin(extract(epoch FROM t) / 3600.0)`;
  await db.pool.query(
    `INSERT INTO "RigSample" ("rigId", at, "powerW", "inletTempC", "hashrateHs", mode)
     SELECT $1, t, $4::float8 * (1 + 0.05 * ${wave}), 24, $6::float8, 'MINE' FROM generate_series($2::timestamptz, $3::timestamptz - interval '1 ms', make_interval(secs => $5)) t
     ON CONFLICT DO NOTHING`,
    [h.rigId, h.from, h.to, h.powerW, h.stepSeconds, h.hashrateHs ?? null],
  );
  await db.pool.query(
    `INSERT INTO "DeviceSample" ("deviceId", at, "rigId", "tempC", "powerW", "utilPct", "hashrateHs")
     SELECT d, t, $1, $5::float8 + 3 * ${wave} + d % 4, $4::float8 / cardinality($6::int[]), 97 + 2 * ${wave}, $8::float8 / cardinality($6::int[])
     FROM generate_series($2::timestamptz, $3::timestamptz - interval '1 ms', make_interval(secs => $7)) t, unnest($6::int[]) d
     ON CONFLICT DO NOTHING`,
    [h.rigId, h.from, h.to, h.powerW, h.tempC, h.deviceIds, h.stepSeconds, h.hashrateHs ?? null],
  );
}

/** A finished scheduler run at `epochStart` with the given decisions (money in micro-dollars per hour). */
export async function seedRun(
  db: Database,
  run: {
    epochStart: Date;
    decisions: {
      rigId: number;
      mode: "MINE" | "AI" | "IDLE";
      profit: bigint;
      revenue?: bigint;
      energy?: bigint;
      reason?: string;
      reasonCode?: string;
      changed?: boolean;
      alternatives?: unknown[];
    }[];
  },
) {
  const row = await db.prisma.schedulerRun.create({
    data: {
      epochStart: run.epochStart,
      startedAt: run.epochStart,
      finishedAt: new Date(run.epochStart.getTime() + 1000),
      workerId: `test-${randomUUID().slice(0, 8)}`,
      rigsSeen: run.decisions.length,
    },
  });
  await db.prisma.decision.createMany({
    data: run.decisions.map((d) => ({
      runId: row.id,
      rigId: d.rigId,
      at: run.epochStart,
      mode: d.mode,
      workload: d.mode === "MINE" ? "rvn-kawpow" : d.mode === "AI" ? "pytorch" : null,
      expectedMicroUsdPerHour: d.profit,
      revenueMicroUsdPerHour: d.revenue ?? d.profit,
      energyMicroUsdPerHour: d.energy ?? 0n,
      reasonCode: d.reasonCode ?? "best_margin",
      reason: d.reason ?? `${d.mode.toLowerCase()} earns the most`,
      changed: d.changed ?? false,
      alternatives: (d.alternatives ?? []) as object[],
    })),
  });
  return row.id;
}
