import type { DbOrTx } from "@rigshift/db";

/**
 * Claims an epoch for this worker. The unique epochStart makes the claim exclusive: a second
 * worker (or a retry after the first finished) gets null and does nothing. A run that a killed
 * worker left unfinished is taken over after `staleAfterMs`.
 */
export async function claimRun({ db, epochStart, workerId, now, staleAfterMs }: { db: DbOrTx; epochStart: Date; workerId: string; now: Date; staleAfterMs: number }) {
  const inserted = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO "SchedulerRun" ("epochStart", "workerId", "startedAt") VALUES (${epochStart}, ${workerId}, ${now})
    ON CONFLICT ("epochStart") DO UPDATE SET "workerId" = EXCLUDED."workerId", "startedAt" = EXCLUDED."startedAt", error = NULL
      WHERE "SchedulerRun"."finishedAt" IS NULL AND "SchedulerRun"."startedAt" < ${new Date(now.getTime() - staleAfterMs)}
    RETURNING id`;
  return inserted[0]?.id ?? null;
}
