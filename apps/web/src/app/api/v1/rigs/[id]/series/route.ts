// GET /api/v1/rigs/:id/series?range=1h|6h|24h|7d: per-device temperature, power, utilisation, hashrate, bucketed in SQL.
import { rigSeries } from "@rigshift/db";
import { ZRigSeriesQuery } from "@/schemas/rigs";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, readQuery, type TIdContext } from "@/server/query";

export const GET = route<TIdContext>(async (req, { params }) => {
  await requireUser("fleet.read");
  const rigId = await readId(params, "id", "rig");
  const { range } = readQuery(req, ZRigSeriesQuery);
  return json(await rigSeries({ db: db(), rigId, range, now: new Date() }));
});
