import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { invalid, notFound } from "../errors";
import { windowShape } from "./site-shape";

export interface TCapWindowInput {
  startsAt: Date;
  endsAt: Date;
  /** kW; at or below the site's own cap (a window only ever lowers it). */
  capKw: number;
  reason: string;
}

/** Adds a temporary power cap to a site. */
export async function addCapWindow({ db, actor, siteId, window, now }: { db: Database; actor: TActor; siteId: number; window: TCapWindowInput; now: Date }) {
  if (window.endsAt <= window.startsAt) throw invalid("the window must end after it starts", [{ path: "endsAt", message: "must be after the start" }]);
  if (window.endsAt <= now) throw invalid("the window has already ended", [{ path: "endsAt", message: "must be in the future" }]);
  return db.prisma.$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id: siteId }, select: { powerCapKw: true } });
    if (!site) throw notFound(`site ${siteId}`);
    if (window.capKw > site.powerCapKw) throw invalid("a window only lowers the cap", [{ path: "capKw", message: `at most the site's cap, ${site.powerCapKw} kW` }]);
    const row = await tx.powerCapWindow.create({ data: { siteId, ...window } });
    await recordAudit(tx, { actor, action: "site.cap_window_add", targetType: "site", targetId: siteId, after: row, at: now });
    return windowShape(row, now);
  });
}
