// GET /api/v1/jobs/:id: one job with its placements and progress.
import { getJob } from "@rigshift/db";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const GET = route<TIdContext>(async (_req, { params }) => {
  await requireUser("fleet.read");
  return json(await getJob({ db: db(), jobId: await readId(params, "id", "job") }));
});
