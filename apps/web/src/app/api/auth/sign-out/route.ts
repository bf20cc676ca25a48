// POST /api/auth/sign-out: ends the session.
import { signOut } from "@rigshift/db";
import { cookies } from "next/headers";
import { env } from "@/env";
import { assertSameOrigin, SESSION_COOKIE } from "@/server/auth";
import { clearedSessionCookie } from "@/server/cookies";
import { db } from "@/server/db";
import { json, route } from "@/server/http";

export const POST = route(async (req) => {
  assertSameOrigin(req);
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (token) await signOut({ db: db().prisma, token });
  return json({ ok: true }, 200, { "set-cookie": clearedSessionCookie({ secure: !env().INSECURE_COOKIES }) });
});
