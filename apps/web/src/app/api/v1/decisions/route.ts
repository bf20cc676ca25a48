// GET /api/v1/decisions?rigId&hostname&mode&reason&from&to&changedOnly&before&limit: the decision log, keyset-paged.
import { listDecisions } from "@rigshift/db";
import { ZDecisionQuery } from "@/schemas/logs";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readQuery } from "@/server/query";

export const GET = route(async (req) => {
  await requireUser("fleet.read");
  const q = readQuery(req, ZDecisionQuery);
  const query = {
    ...q,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    changedOnly: q.changedOnly === "1",
    before: q.before ? BigInt(q.before) : undefined,
  };
  return json(await listDecisions({ db: db(), query }));
});
