// POST /api/public/v1/jobs: a customer submits an AI job (Authorization: Bearer rsk_...).
import { authenticateApiKey, submitJob } from "@rigshift/db";
import { ZPublicJobSubmit } from "@/schemas/jobs";
import { db } from "@/server/db";
import { bearerToken, json, readJson, route } from "@/server/http";
import { publicJob } from "@/server/public-job";

export const POST = route(async (req) => {
  // Authenticate before reading the body: an unknown caller gets a 401 for nothing.
  const caller = await authenticateApiKey({ db: db(), key: bearerToken(req), now: new Date() });
  const j = await readJson(req, ZPublicJobSubmit);
  const input = { ...j, customer: caller.customer, deadline: j.deadline ? new Date(j.deadline) : null };
  const actor = { userId: null, label: `api-key:${caller.prefix}` };
  const job = await submitJob({ db: db(), actor, input, apiKeyId: caller.apiKeyId, now: new Date() });
  return json({ job: publicJob(job) }, 201, { location: `/api/public/v1/jobs/${job.id}` });
});
