// GET /api/v1/agent-tokens?q&page: rigs' agent tokens (prefix only).
import { listAgentTokens } from "@rigshift/db";
import { ZAgentTokenQuery } from "@/schemas/logs";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readQuery } from "@/server/query";

export const GET = route(async (req) => {
  await requireUser("tokens.manage");
  return json(await listAgentTokens({ db: db(), ...readQuery(req, ZAgentTokenQuery) }));
});
