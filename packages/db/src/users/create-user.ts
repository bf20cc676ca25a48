import { recordAudit, type TActor } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import type { Database } from "../client";
import { invalid } from "../errors";
import type { Role } from "../generated/prisma/enums";

/** Creates a user with a role and an initial password (hashed; never stored or logged in clear). */
export async function createUser({
  db,
  actor,
  email,
  name,
  role,
  password,
  now,
}: {
  db: Database;
  actor: TActor;
  email: string;
  name: string;
  role: Role;
  password: string;
  now: Date;
}) {
  const normalized = email.trim().toLowerCase();
  const passwordHash = await hashPassword(password);
  return db.prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: normalized }, select: { id: true } }))
      throw invalid("a user with this email exists", [{ path: "email", message: "a user with this email already exists" }]);
    const user = await tx.user.create({ data: { email: normalized, name, role, passwordHash, createdAt: now }, select: { id: true, email: true, name: true, role: true } });
    await recordAudit(tx, { actor, action: "user.create", targetType: "user", targetId: user.id, after: user, at: now });
    return user;
  });
}
