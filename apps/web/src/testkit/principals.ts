/**
 * Everyone who can knock on the API, seeded straight into the database (no password hashing, no
 * HTTP): a session per role, an expired session, customer API keys (live and revoked), rig
 * tokens (two rigs, and a revoked one). Test-only.
 */
import { createApiKey, type Database, hashToken, newToken, revokeAgentToken, revokeApiKey } from "@rigshift/db";
import { seedEnrolledRig } from "@rigshift/db/testing";

export const ROLES = ["VIEWER", "FINANCE", "OPERATOR", "ADMIN"] as const;
export type TRole = (typeof ROLES)[number];

const system = { userId: null, label: "test" };

async function sessionFor(db: Database, userId: number, expiresAt: Date): Promise<string> {
  const token = newToken("session");
  await db.prisma.session.create({ data: { tokenHash: hashToken(token), userId, expiresAt } });
  return token;
}

export async function seedPrincipals(db: Database) {
  const now = new Date();
  const inAnHour = new Date(now.getTime() + 3600_000);
  const sessions = {} as Record<TRole, string>;
  const userIds = {} as Record<TRole, number>;
  for (const role of ROLES) {
    // Never signed in with a password here: the hash is a placeholder no password matches.
    const user = await db.prisma.user.create({ data: { email: `${role.toLowerCase()}@test.example`, name: role, role, passwordHash: "unused" }, select: { id: true } });
    userIds[role] = user.id;
    sessions[role] = await sessionFor(db, user.id, inAnHour);
  }
  const expiredSession = await sessionFor(db, userIds.ADMIN, new Date(now.getTime() - 1000));

  const apiKey = await createApiKey({ db, actor: system, customer: "acme", now });
  const revoked = await createApiKey({ db, actor: system, customer: "acme", now });
  await revokeApiKey({ db, actor: system, keyId: revoked.id, now });

  const rigA = await seedEnrolledRig(db);
  const rigB = await seedEnrolledRig(db, { siteId: rigA.siteId });
  const rigC = await seedEnrolledRig(db, { siteId: rigA.siteId });
  const tokenC = await db.prisma.agentToken.findFirstOrThrow({ where: { rigId: rigC.rigId }, select: { id: true } });
  await revokeAgentToken({ db, actor: system, tokenId: tokenC.id, now });

  return {
    sessions,
    userIds,
    expiredSession,
    apiKey: { id: apiKey.id, key: apiKey.key },
    revokedApiKey: revoked.key,
    rigA,
    rigB,
    revokedRigToken: rigC.rigToken,
    siteId: rigA.siteId,
  };
}

export type TPrincipals = Awaited<ReturnType<typeof seedPrincipals>>;

export const cookieOf = (token: string) => `rigshift_session=${token}`;
