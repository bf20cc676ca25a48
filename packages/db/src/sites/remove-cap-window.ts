import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { notFound } from "../errors";

/** Removes a cap window of a site. */
export async function removeCapWindow({ db, actor, siteId, windowId, now }: { db: Database; actor: TActor; siteId: number; windowId: number; now: Date }) {
  return db.prisma.$transaction(async (tx) => {
    const row = await tx.powerCapWindow.findFirst({ where: { id: windowId, siteId } });
    if (!row) throw notFound(`cap window ${windowId} of site ${siteId}`);
    await tx.powerCapWindow.delete({ where: { id: windowId } });
    await recordAudit(tx, { actor, action: "site.cap_window_remove", targetType: "site", targetId: siteId, before: row, at: now });
    return { id: windowId };
  });
}
