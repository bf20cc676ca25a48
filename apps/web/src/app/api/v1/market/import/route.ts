// POST /api/v1/market/import: imports "timestamp,value" CSV into a series, all rows or none.
import { importPriceCsv } from "@rigshift/db";
import { ZPriceCsvImport } from "@/schemas/market";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";

export const POST = route(async (req) => {
  const user = await requireWriter(req, "market.manage");
  const body = await readJson(req, ZPriceCsvImport);
  return json(await importPriceCsv({ db: db(), actor: actorOf(user), ...body, now: new Date() }), 201);
});
