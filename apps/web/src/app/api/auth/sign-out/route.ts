// POST /api/auth/sign-out: ends the session.
import { signOut } from "@rigshift/db";
import { cookies } from "next/headers";
import { assertSameOrigin, SESSION_COOKIE } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";

export const POST = route(async (req) => {
  assertSameOrigin(req);
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (token) await signOut({ db: db().prisma, token });
  return json({ ok: true }, 200, { "set-cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
});
