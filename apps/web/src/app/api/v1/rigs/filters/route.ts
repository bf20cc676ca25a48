// GET /api/v1/rigs/filters: sites, models and tags for the rigs table's filter menus.
import { rigFilterOptions } from "@rigshift/db";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";

export const GET = route(async () => {
  await requireUser("fleet.read");
  return json(await rigFilterOptions({ db: db() }));
});
