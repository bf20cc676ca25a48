// GET /api/v1/finance/exports: my recent exports. POST: request a report file (CSV, XLSX, PDF), built in the background.
import { failExportJob, listExportJobs, requestExport, unavailable } from "@rigshift/db";
import { enqueueFinanceExport } from "@rigshift/scheduler/finance-queue";
import { env } from "@/env";
import { requireUser, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";
import { ZExportRequest } from "../_lib/schemas";

export const GET = route(async () => {
  const user = await requireUser("finance.read");
  return json({ exports: await listExportJobs({ db: db(), userId: user.id }) });
});

export const POST = route(async (req) => {
  const user = await requireWriter(req, "finance.read");
  const { format, params } = await readJson(req, ZExportRequest);
  const { EXPORT_DIR, QUEUE_PREFIX } = env();
  const job = await requestExport({ db: db(), userId: user.id, format, params, exportDir: EXPORT_DIR });
  try {
    await enqueueFinanceExport({ redisUrl: env().REDIS_URL, prefix: QUEUE_PREFIX, exportJobId: job.id, createdAt: new Date(job.createdAt) });
  } catch (error) {
    await failExportJob({ db: db(), id: job.id, error: `could not be queued: ${(error as Error).message}` });
    throw unavailable("the export queue is unreachable; try again shortly");
  }
  return json(job, 202);
});
