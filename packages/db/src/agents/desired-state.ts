import type { TDesiredState } from "@rigshift/protocol";
import type { DbOrTx } from "../client";

export async function getDesiredState({ db, rigId }: { db: DbOrTx; rigId: number }): Promise<TDesiredState | null> {
  const row = await db.desiredState.findUnique({ where: { rigId }, select: { generation: true, mode: true, workload: true, params: true, jobs: true } });
  if (!row) return null;
  return { generation: row.generation, mode: row.mode, workload: row.workload, params: row.params as Record<string, number>, jobs: row.jobs as TDesiredState["jobs"] };
}
