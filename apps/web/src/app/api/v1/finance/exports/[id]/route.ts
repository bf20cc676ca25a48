// GET /api/v1/finance/exports/:id: one of my exports, with its status and progress (the Reports page polls it).
import { getExportJob } from "@rigshift/db";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const GET = route<TIdContext>(async (_req, ctx) => {
  const user = await requireUser("finance.read");
  const id = await readId(ctx.params, "id", "export");
  return json(await getExportJob({ db: db(), userId: user.id, id }));
});
