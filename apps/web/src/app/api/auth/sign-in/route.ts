// POST /api/auth/sign-in: email + password -> session cookie.
import { signIn } from "@rigshift/db";
import { env } from "@/env";
import { ZSignIn } from "@/schemas/auth";
import { assertSameOrigin } from "@/server/auth";
import { sessionCookie } from "@/server/cookies";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";
import { clientIp, limitSignIn } from "@/server/rate-limit";

export const POST = route(async (req) => {
  assertSameOrigin(req);
  const { email, password } = await readJson(req, ZSignIn);
  // Brute force: failed attempts per email and per address are limited (server/rate-limit.ts).
  const session = await limitSignIn({ email, ip: clientIp(req) }, () =>
    signIn({ db: db().prisma, email, password, now: new Date(), userAgent: req.headers.get("user-agent") ?? undefined }),
  );
  const cookie = sessionCookie({ token: session.token, expiresAt: session.expiresAt, secure: !env().INSECURE_COOKIES });
  return json({ user: session.user }, 200, { "set-cookie": cookie });
});
