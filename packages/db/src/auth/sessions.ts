import { randomBytes } from "node:crypto";
import type { DbOrTx } from "../client";
import { unauthorized } from "../errors";
import { hashToken, newToken } from "../tokens";
import { hashPassword, verifyPassword } from "./password";

export const SESSION_TTL_SECONDS = 12 * 3600; // one operator shift, with margin

let noSuchUser: Promise<string> | undefined;
/** A hash of a random password, made once per process, to verify against when the email is unknown. */
const noSuchUserHash = () => (noSuchUser ??= hashPassword(randomBytes(18).toString("base64")));

export interface TSessionUser {
  id: number;
  email: string;
  name: string;
  role: "ADMIN" | "OPERATOR" | "FINANCE" | "VIEWER";
}

/** Checks the password and opens a session; the same message for unknown email and wrong password. */
export async function signIn({ db, email, password, now, userAgent }: { db: DbOrTx; email: string; password: string; now: Date; userAgent?: string }) {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, passwordHash: true },
  });
  // An unknown email costs the same scrypt as a wrong password: how long the answer takes must
  // not tell which emails have accounts.
  const matches = await verifyPassword(password, user?.passwordHash ?? (await noSuchUserHash()));
  if (!user || user.disabledAt || !matches) throw unauthorized("email or password is wrong");
  const token = newToken("session");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_SECONDS * 1000);
  await db.session.create({ data: { tokenHash: hashToken(token), userId: user.id, expiresAt, userAgent: userAgent?.slice(0, 200) } });
  const sessionUser: TSessionUser = { id: user.id, email: user.email, name: user.name, role: user.role };
  return { token, expiresAt, user: sessionUser };
}

/** The signed-in user for a session cookie, or null when absent, expired or disabled. */
export async function getSessionUser({ db, token, now }: { db: DbOrTx; token: string | undefined; now: Date }): Promise<TSessionUser | null> {
  if (!token || token.length > 200) return null;
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } } },
  });
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  const { disabledAt: _disabled, ...user } = session.user;
  return user;
}

export async function signOut({ db, token }: { db: DbOrTx; token: string }) {
  await db.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}
