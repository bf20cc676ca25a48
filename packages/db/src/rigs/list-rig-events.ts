import type { Database } from "../client";

/** A rig's newest agent events (the page asks for more by raising `limit`, up to 500). */
export async function listRigEvents({ db, rigId, limit }: { db: Database; rigId: number; limit: number }) {
  const take = Math.min(Math.max(limit, 1), 500);
  const rows = await db.prisma.agentEvent.findMany({
    where: { rigId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
    select: { id: true, at: true, type: true, severity: true, message: true },
  });
  return {
    events: rows.slice(0, take).map((e) => ({ ...e, id: e.id.toString(), at: e.at.toISOString() })),
    hasMore: rows.length > take,
  };
}
