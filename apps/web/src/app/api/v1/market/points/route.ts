// POST /api/v1/market/points: enters one price by hand.
import { addPricePoint } from "@rigshift/db";
import { ZPricePoint } from "@/schemas/market";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";

export const POST = route(async (req) => {
  const user = await requireWriter(req, "market.manage");
  const p = await readJson(req, ZPricePoint);
  return json(
    await addPricePoint({ db: db(), actor: actorOf(user), seriesKey: p.seriesKey, at: new Date(p.at), valueUsd: p.valueUsd, intervalSeconds: p.intervalSeconds, now: new Date() }),
    201,
  );
});
