import { AppError, assertCan, can, getSessionUser, type TActor, type TPermission, type TSessionUser, unauthorized } from "@rigshift/db";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE } from "./cookies";
import { db } from "./db";

export { SESSION_COOKIE };

export async function currentUser(): Promise<TSessionUser | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return getSessionUser({ db: db().prisma, token, now: new Date() });
}

/** For route handlers: the signed-in user allowed to do `permission`, or a 401/403. */
export async function requireUser(permission: TPermission): Promise<TSessionUser> {
  const user = await currentUser();
  if (!user) throw unauthorized("sign in first");
  assertCan(user.role, permission);
  return user;
}

/** For pages: redirect to sign-in when signed out; 403 page content when the role may not. */
export async function requirePageUser(permission: TPermission): Promise<TSessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  assertCan(user.role, permission);
  return user;
}

/**
 * CSRF defence for cookie-authenticated writes: the browser's Origin must be this site.
 * (Cookies are also SameSite=Lax.) Agent and API-key routes use bearer tokens and skip this.
 */
export function assertSameOrigin(req: Request) {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  // "null" (sandboxed frames, file: pages) and anything else unparseable is not this site.
  const originHost = origin && URL.canParse(origin) ? new URL(origin).host : undefined;
  if (!originHost || !host || originHost !== host) {
    throw new AppError("FORBIDDEN", "cross-site request refused");
  }
}

/** The audit log's view of a signed-in user. */
export function actorOf(user: TSessionUser): TActor {
  return { userId: user.id, label: user.email };
}

/** For pages: whether the signed-in user may `permission` (the page renders a refusal when not). */
export async function pageAccess(permission: TPermission): Promise<{ user: TSessionUser; allowed: boolean }> {
  const user = await requirePageUser("fleet.read");
  return { user, allowed: can(user.role, permission) };
}

/** For routes that change state from the browser: same-origin check, then the permission. */
export async function requireWriter(req: Request, permission: TPermission): Promise<TSessionUser> {
  assertSameOrigin(req);
  return requireUser(permission);
}
