// GET /api/v1/health: whether this web instance reaches Postgres and Redis; 200 when both answer, 503 otherwise.
// Public on purpose (load balancers, the dashboard's degraded banner): it tells up or down, nothing else.
import { pingDatabase } from "@rigshift/db";
import { pingQueue } from "@rigshift/scheduler/finance-queue";
import { env } from "@/env";
import { db } from "@/server/db";
import { json, route } from "@/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const [database, redis] = await Promise.all([pingDatabase({ db: db() }), pingQueue({ redisUrl: env().REDIS_URL, prefix: env().QUEUE_PREFIX })]);
  const ok = database.ok && redis.ok;
  const down = [!database.ok && "the database", !redis.ok && "the job queue (Redis)"].filter(Boolean).join(" and ");
  return json(
    { status: ok ? "ok" : "degraded", message: ok ? "all services reachable" : `${down} unreachable; data shown may be stale`, database, redis },
    ok ? 200 : 503,
    ok ? {} : { "retry-after": "5" },
  );
});
