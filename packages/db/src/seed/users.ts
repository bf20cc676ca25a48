import { hashPassword } from "../auth/password";
import type { DbOrTx } from "../client";
import type { Role } from "../generated/prisma/enums";

/** Creates the user if missing (the password is set only on creation). Returns whether it was created. */
export async function ensureUser({ db, email, name, role, password }: { db: DbOrTx; email: string; name: string; role: Role; password: string }) {
  const existing = await db.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const row = await db.user.create({ data: { email: email.toLowerCase(), name, role, passwordHash: await hashPassword(password) }, select: { id: true } });
  return { id: row.id, created: true };
}
