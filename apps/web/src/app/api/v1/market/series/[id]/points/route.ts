// GET /api/v1/market/series/:id/points?range=7d: a series' prices for its chart, bucketed in SQL, in dollars.
import { seriesPoints } from "@rigshift/db";
import { ZSeriesPointsQuery } from "@/schemas/market";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, readQuery, type TIdContext } from "@/server/query";

export const GET = route<TIdContext>(async (req, { params }) => {
  await requireUser("fleet.read");
  const seriesId = await readId(params, "id", "price series");
  const { range } = readQuery(req, ZSeriesPointsQuery);
  return json(await seriesPoints({ db: db(), seriesId, range, now: new Date() }));
});
