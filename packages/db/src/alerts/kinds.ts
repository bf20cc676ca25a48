/**
 * Every alert kind refreshAlerts derives, with the words the pages and the notification
 * channels' filters show. Constants only: safe for client components (`@rigshift/db/alert-kinds`).
 */
export const ALERT_KINDS = {
  "rig.offline": "Rig offline",
  "gpu.overtemp": "GPU over its temperature limit",
  "rig.hashrate_drop": "Hashrate below its profile",
  "rig.util_drop": "GPU utilisation drop under an AI job",
  "workload.start_failed": "Workload failed to start",
  "probe.timeout": "nvidia-smi timed out",
  "job.failed": "AI job failed",
  "site.over_cap": "Site over its power cap",
  "price.spike": "Electricity price spike",
} as const;

export type TAlertKind = keyof typeof ALERT_KINDS;
export const ALERT_KIND_KEYS = Object.keys(ALERT_KINDS) as [TAlertKind, ...TAlertKind[]];

/** Ordered as Postgres orders the Severity enum: a channel's minimum admits what is at or above it. */
export const SEVERITIES = ["INFO", "WARNING", "CRITICAL"] as const;
export type TSeverity = (typeof SEVERITIES)[number];
