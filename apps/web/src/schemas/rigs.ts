import { z } from "zod";
import { intField, optionalText, page, pageSize, workloadKey, ZMode, ZRange } from "./fields";

export const RIG_CLASSES = ["mining", "ai", "idle", "maintenance", "offline"] as const;
export const RIG_STATUSES = ["online", "stale", "offline"] as const;
export const RIG_SORTS = ["hostname", "site", "model", "mode", "power", "temp", "lastSeen"] as const;
/** Most rigs one bulk action may touch (the server's MAX_BULK_RIGS). */
export const MAX_BULK = 200;

// GET /api/v1/rigs
export const ZRigListQuery = z.object({
  siteId: intField(1, 2_147_483_647).optional(),
  mode: z.enum(RIG_CLASSES).optional(),
  model: optionalText(128),
  status: z.enum(RIG_STATUSES).optional(),
  tag: optionalText(64),
  health: z.enum(["healthy", "unhealthy"]).optional(),
  q: optionalText(100),
  sort: z.enum(RIG_SORTS).default("hostname"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  page,
  pageSize: pageSize(200, 50),
});
export type TRigListQuery = z.input<typeof ZRigListQuery>;

// GET /api/v1/rigs/:id/events
export const ZRigEventsQuery = z.object({ limit: pageSize(500, 50) });

// GET /api/v1/rigs/:id/series
export const ZRigSeriesQuery = z.object({ range: ZRange.default("6h") });

/** An operator's action on rigs. */
export const ZRigAction = z.discriminatedUnion(
  "action",
  [
    z.object({
      action: z.literal("pin"),
      mode: ZMode,
      workload: workloadKey.nullish(),
      /** Hours the pin holds; null or absent: until released. */
      untilHours: intField(1, 24 * 90).nullish(),
    }),
    z.object({ action: z.literal("release") }),
    z.object({ action: z.literal("maintenance"), on: z.boolean() }),
    z.object({ action: z.literal("restart") }),
  ],
  { error: "action must be pin, release, maintenance or restart" },
);
export type TRigAction = z.infer<typeof ZRigAction>;

// POST /api/v1/rigs/actions: restart is per rig (POST /api/v1/rigs/:id/actions).
export const ZBulkRigAction = z.intersection(
  ZRigAction,
  z.object({ rigIds: z.array(z.number().int().positive()).min(1, "choose at least one rig").max(MAX_BULK, `at most ${MAX_BULK} rigs per action`) }),
);
