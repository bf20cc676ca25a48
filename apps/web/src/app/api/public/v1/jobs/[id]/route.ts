// GET /api/public/v1/jobs/:id: a customer follows its job. DELETE: cancels it (own jobs only; others are "not found").
import { authenticateApiKey, cancelJob, getJob } from "@rigshift/db";
import { db } from "@/server/db";
import { bearerToken, json, route } from "@/server/http";
import { publicJob } from "@/server/public-job";
import { readId, type TIdContext } from "@/server/query";

export const GET = route<TIdContext>(async (req, { params }) => {
  const caller = await authenticateApiKey({ db: db(), key: bearerToken(req), now: new Date() });
  const job = await getJob({ db: db(), jobId: await readId(params, "id", "job"), customer: caller.customer });
  return json({ job: publicJob(job) });
});

export const DELETE = route<TIdContext>(async (req, { params }) => {
  const caller = await authenticateApiKey({ db: db(), key: bearerToken(req), now: new Date() });
  const jobId = await readId(params, "id", "job");
  const job = await cancelJob({ db: db(), actor: { userId: null, label: `api-key:${caller.prefix}` }, jobId, customer: caller.customer, now: new Date() });
  return json({ job: publicJob(job) });
});
