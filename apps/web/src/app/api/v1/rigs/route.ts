// GET /api/v1/rigs?site&mode&model&status&tag&health&q&sort&dir&page&pageSize: one page of the rigs table.
import { listRigs } from "@rigshift/db";
import { ZRigListQuery } from "@/schemas/rigs";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readQuery } from "@/server/query";
import { thresholds } from "@/server/thresholds";

export const GET = route(async (req) => {
  await requireUser("fleet.read");
  const query = readQuery(req, ZRigListQuery);
  return json(await listRigs({ db: db(), query, now: new Date(), thresholds: thresholds() }));
});
