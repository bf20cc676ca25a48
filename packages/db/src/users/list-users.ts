import type { Database } from "../client";

/** Every user (never their password hash), enabled first. */
export async function listUsers({ db }: { db: Database }) {
  const users = await db.prisma.user.findMany({
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true },
  });
  return users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString(), disabledAt: u.disabledAt?.toISOString() ?? null }));
}
