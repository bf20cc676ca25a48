import { hashPassword } from "../auth/password";
import type { DbOrTx } from "../client";
import type { Role } from "../generated/prisma/enums";

/**
 * Creates the user if missing. The password is set on creation only, unless `resetPassword`
 * (the demo, which owns its database, keeps its printed password true that way).
 */
export async function ensureUser({
  db,
  email,
  name,
  role,
  password,
  resetPassword = false,
}: {
  db: DbOrTx;
  email: string;
  name: string;
  role: Role;
  password: string;
  resetPassword?: boolean;
}) {
  const existing = await db.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
  if (existing) {
    if (resetPassword) await db.user.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(password), disabledAt: null } });
    return { id: existing.id, created: false };
  }
  const row = await db.user.create({ data: { email: email.toLowerCase(), name, role, passwordHash: await hashPassword(password) }, select: { id: true } });
  return { id: row.id, created: true };
}
