/**
 * The session cookie, built in one place. HttpOnly (scripts never see it), SameSite=Lax (not
 * sent on cross-site POSTs; writes also check Origin), Secure unless the deployment serves plain
 * HTTP on purpose (INSECURE_COOKIES=1: the local demo and tests). Pure: no env, no I/O.
 */
export const SESSION_COOKIE = "rigshift_session";

export function sessionCookie({ token, expiresAt, secure }: { token: string; expiresAt: Date; secure: boolean }): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookie({ secure }: { secure: boolean }): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}
