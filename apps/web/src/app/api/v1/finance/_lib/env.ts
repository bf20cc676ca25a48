import { z } from "zod";

/**
 * The finance routes' settings. Belongs in src/env.ts (the web process's one env parser); kept
 * here until that file can take it.
 */
const ZFinanceEnv = z.object({
  /** Where export files are written (by the finance worker) and served from; relative to the web app's cwd. */
  EXPORT_DIR: z.string().min(1).default(".data/exports"),
  /** Prefix of every BullMQ key: the same value as the scheduler worker's. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default("rigshift"),
});

let cached: z.infer<typeof ZFinanceEnv> | undefined;

export function financeEnv() {
  cached ??= ZFinanceEnv.parse(process.env);
  return cached;
}
