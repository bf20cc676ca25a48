// GET /api/v1/audit?action&targetType&targetId&actor&before&limit: the audit log, keyset-paged.
import { listAudit } from "@rigshift/db";
import { ZAuditQuery } from "@/schemas/logs";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readQuery } from "@/server/query";

export const GET = route(async (req) => {
  await requireUser("audit.read");
  const q = readQuery(req, ZAuditQuery);
  return json(await listAudit({ db: db(), ...q, before: q.before ? BigInt(q.before) : undefined }));
});
