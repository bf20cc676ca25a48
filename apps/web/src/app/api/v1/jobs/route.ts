// GET /api/v1/jobs?view=active|history&status&q&page: the AI job queue or its history.
// POST /api/v1/jobs: an operator submits a job for a customer.
import { listJobs, submitJob } from "@rigshift/db";
import { ZJobListQuery, ZJobSubmit } from "@/schemas/jobs";
import { actorOf, requireUser, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";
import { readQuery } from "@/server/query";

export const GET = route(async (req) => {
  await requireUser("fleet.read");
  const q = readQuery(req, ZJobListQuery);
  return json(await listJobs({ db: db(), ...q }));
});

export const POST = route(async (req) => {
  const user = await requireWriter(req, "jobs.manage");
  const j = await readJson(req, ZJobSubmit);
  const input = { ...j, deadline: j.deadline ? new Date(j.deadline) : null };
  return json(await submitJob({ db: db(), actor: actorOf(user), input, now: new Date() }), 201);
});
