// GET /api/v1/fleet: every site with its rigs' latest state (the fleet page polls this).
import { listFleet } from "@rigshift/db";
import { env } from "@/env";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";

export const GET = route(async () => {
  await requireUser("fleet.read");
  const e = env();
  const sites = await listFleet({
    db: db().prisma,
    now: new Date(),
    thresholds: { staleAfterSeconds: e.RIG_STALE_AFTER_SECONDS, offlineAfterSeconds: e.RIG_OFFLINE_AFTER_SECONDS },
  });
  return json({ sites, at: new Date().toISOString() });
});
