// POST /api/v1/jobs/:id/cancel: cancels a queued, placed or running job.
import { cancelJob } from "@rigshift/db";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const POST = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "jobs.manage");
  const jobId = await readId(params, "id", "job");
  return json(await cancelJob({ db: db(), actor: actorOf(user), jobId, now: new Date() }));
});
