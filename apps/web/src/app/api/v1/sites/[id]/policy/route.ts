// PUT /api/v1/sites/:id/policy: replaces the site's scheduling policy.
import { updateSitePolicy } from "@rigshift/db";
import { ZPolicy } from "@/schemas/sites";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const PUT = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "policy.manage");
  const siteId = await readId(params, "id", "site");
  const policy = await readJson(req, ZPolicy);
  return json(await updateSitePolicy({ db: db(), actor: actorOf(user), siteId, policy, now: new Date() }));
});
