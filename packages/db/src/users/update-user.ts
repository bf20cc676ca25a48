import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database, DbOrTx } from "../client";
import { conflict, notFound } from "../errors";
import type { Role } from "../generated/prisma/enums";

/**
 * Changes a user's role, or disables / re-enables them. Disabling ends their sessions at once.
 * The last enabled admin can be neither demoted nor disabled: someone must keep the keys.
 */
export async function updateUser({ db, actor, userId, role, disabled, now }: { db: Database; actor: TActor; userId: number; role?: Role; disabled?: boolean; now: Date }) {
  return db.prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, disabledAt: true } });
    if (!user) throw notFound(`user ${userId}`);
    const losesAdmin = user.role === "ADMIN" && !user.disabledAt && ((role !== undefined && role !== "ADMIN") || disabled === true);
    if (losesAdmin && (await enabledAdmins(tx)) <= 1) throw conflict("this is the last enabled admin: make another admin first");
    const data = {
      ...(role !== undefined ? { role } : {}),
      ...(disabled === true && !user.disabledAt ? { disabledAt: now } : {}),
      ...(disabled === false ? { disabledAt: null } : {}),
    };
    const after = await tx.user.update({ where: { id: userId }, data, select: { id: true, email: true, role: true, disabledAt: true } });
    if (after.disabledAt) await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, { actor, action: "user.update", targetType: "user", targetId: userId, before: user, after, at: now });
    return { ...after, disabledAt: after.disabledAt?.toISOString() ?? null };
  });
}

const enabledAdmins = (tx: DbOrTx) => tx.user.count({ where: { role: "ADMIN", disabledAt: null } });
