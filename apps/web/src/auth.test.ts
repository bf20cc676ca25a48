/** Sign-in and the session-protected fleet API, over HTTP against the running web app. */
import { ensureUser } from "@rigshift/db/seed";
import { testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";

const WEB_URL = process.env.WEB_URL;
if (!WEB_URL) throw new Error("WEB_URL is not set: run with `npm test`, which starts the web app");
const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

const signIn = (email: string, password: string, origin = WEB_URL) =>
  fetch(`${WEB_URL}/api/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json", origin }, body: JSON.stringify({ email, password }) });

describe("sign-in", () => {
  it("sets an httpOnly, SameSite session cookie that opens the fleet API", async () => {
    await ensureUser({ db: db.prisma, email: "op@example.com", name: "Op", role: "OPERATOR", password: "correct horse battery" });
    const res = await signIn("op@example.com", "correct horse battery");
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const fleet = await fetch(`${WEB_URL}/api/v1/fleet`, { headers: { cookie: cookie.split(";")[0]! } });
    expect(fleet.status).toBe(200);
    expect(await fleet.json()).toHaveProperty("sites");
  });

  it("refuses a wrong password with the same message as an unknown email", async () => {
    await ensureUser({ db: db.prisma, email: "op@example.com", name: "Op", role: "OPERATOR", password: "correct horse battery" });
    const wrong = await signIn("op@example.com", "nope");
    const unknown = await signIn("nobody@example.com", "nope");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).error.message).toBe((await unknown.json()).error.message);
  });

  it("refuses a cross-site sign-in attempt", async () => {
    await ensureUser({ db: db.prisma, email: "op@example.com", name: "Op", role: "OPERATOR", password: "correct horse battery" });
    const res = await signIn("op@example.com", "correct horse battery", "http://evil.example");
    expect(res.status).toBe(403);
  });

  it("keeps the fleet API closed without a session", async () => {
    const res = await fetch(`${WEB_URL}/api/v1/fleet`);
    expect(res.status).toBe(401);
  });

  it("stores passwords with a memory-hard hash, never in clear", async () => {
    await ensureUser({ db: db.prisma, email: "op@example.com", name: "Op", role: "OPERATOR", password: "correct horse battery" });
    const row = await db.prisma.user.findUniqueOrThrow({ where: { email: "op@example.com" }, select: { passwordHash: true } });
    expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.passwordHash).not.toContain("correct horse");
  });
});
