// POST /api/v1/finance/ledger/rebuild { from, to, timeZone }: rebuild the ledger for a period in the background (finance, admin).
import { invalid, MAX_EXPORT_DAYS, unavailable } from "@rigshift/db";
import { enqueueLedgerBuild } from "@rigshift/scheduler/finance-queue";
import { env } from "@/env";
import { requireWriter } from "@/server/auth";
import { json, readJson, route } from "@/server/http";
import { ZRebuildRequest } from "../../_lib/schemas";

export const POST = route(async (req) => {
  const user = await requireWriter(req, "finance.read");
  const { from, to } = await readJson(req, ZRebuildRequest);
  if (to.getTime() - from.getTime() > MAX_EXPORT_DAYS * 86_400_000) throw invalid(`a rebuild covers at most ${MAX_EXPORT_DAYS} days`);
  try {
    await enqueueLedgerBuild({ redisUrl: env().REDIS_URL, prefix: env().QUEUE_PREFIX, from, to, requestedBy: user.email });
  } catch {
    throw unavailable("the job queue is unreachable; try again shortly");
  }
  return json({ queued: true, from: from.toISOString(), to: to.toISOString() }, 202);
});
