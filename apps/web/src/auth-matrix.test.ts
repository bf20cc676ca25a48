/**
 * Who may call what: every route found on disk, every method it exports, against every kind of
 * caller, over HTTP against the running web app (WEB_URL). The expectations come from one table
 * below (permissions as in packages/db/src/auth/roles.ts); a route missing from it fails the test,
 * so a new route must be classified before it ships.
 *
 * Requests name an id that does not exist (999999) and send an empty JSON object, so an allowed
 * caller gets a 404 or a 422, never a change of state. "Allowed" means anything but 401 and 403.
 */
import { can, type TPermission } from "@rigshift/db";
import { ensureUser } from "@rigshift/db/seed";
import { testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearedSessionCookie, sessionCookie } from "./server/cookies";
import { cookieOf, ROLES, seedPrincipals, type TPrincipals, type TRole } from "./testkit/principals";
import { fill, isWrite, listRoutes, type TMethod } from "./testkit/routes";

const WEB_URL = process.env.WEB_URL;
if (!WEB_URL) throw new Error("WEB_URL is not set: run with `npm test`, which starts the web app");
const db = testDatabase(process.env.DATABASE_URL);

type TAccess =
  /** A signed-in user whose role has the permission (and, for writes, a same-origin request). */
  | { session: TPermission }
  /** Anyone: sign-in, sign-out, health. */
  | "public"
  /** A rig's own agent token. */
  | "rig"
  /** Anyone: the one-time enrollment token in the body is the credential (agent-api.test.ts). */
  | "enrollment-token"
  /** A customer API key that is not revoked. */
  | "api-key"
  /** Prometheus's METRICS_TOKEN; production without one (this stack) refuses everyone. */
  | "metrics-token";

const ACCESS: Record<string, TAccess> = {
  "GET /api/agent/v1/desired-state": "rig",
  "POST /api/agent/v1/enroll": "enrollment-token",
  "POST /api/agent/v1/telemetry": "rig",
  "POST /api/auth/sign-in": "public",
  "POST /api/auth/sign-out": "public",
  "POST /api/public/v1/jobs": "api-key",
  "GET /api/public/v1/jobs/[id]": "api-key",
  "DELETE /api/public/v1/jobs/[id]": "api-key",
  "GET /api/v1/agent-tokens": { session: "tokens.manage" },
  "POST /api/v1/agent-tokens/[id]/revoke": { session: "tokens.manage" },
  "GET /api/v1/alerts": { session: "fleet.read" },
  "POST /api/v1/alerts/[id]/acknowledge": { session: "alerts.manage" },
  "POST /api/v1/alerts/[id]/resolve": { session: "alerts.manage" },
  "GET /api/v1/api-keys": { session: "tokens.manage" },
  "POST /api/v1/api-keys": { session: "tokens.manage" },
  "POST /api/v1/api-keys/[id]/revoke": { session: "tokens.manage" },
  "GET /api/v1/audit": { session: "audit.read" },
  "GET /api/v1/decisions": { session: "fleet.read" },
  "GET /api/v1/enrollment-tokens": { session: "tokens.manage" },
  "POST /api/v1/enrollment-tokens": { session: "tokens.manage" },
  "POST /api/v1/enrollment-tokens/[id]/revoke": { session: "tokens.manage" },
  "GET /api/v1/finance/exports": { session: "finance.read" },
  "POST /api/v1/finance/exports": { session: "finance.read" },
  "GET /api/v1/finance/exports/[id]": { session: "finance.read" },
  "GET /api/v1/finance/exports/[id]/download": { session: "finance.read" },
  "POST /api/v1/finance/ledger/rebuild": { session: "finance.read" },
  "GET /api/v1/finance/report": { session: "finance.read" },
  "GET /api/v1/fleet": { session: "fleet.read" },
  "GET /api/v1/health": "public",
  "GET /api/v1/notification-channels": { session: "notifications.read" },
  "POST /api/v1/notification-channels": { session: "notifications.manage" },
  "PATCH /api/v1/notification-channels/[id]": { session: "notifications.manage" },
  "DELETE /api/v1/notification-channels/[id]": { session: "notifications.manage" },
  "POST /api/v1/notification-channels/[id]/test": { session: "notifications.manage" },
  "GET /api/v1/notification-deliveries": { session: "notifications.read" },
  "GET /api/v1/openapi.json": "public",
  "GET /api/v1/jobs": { session: "fleet.read" },
  "POST /api/v1/jobs": { session: "jobs.manage" },
  "GET /api/v1/jobs/[id]": { session: "fleet.read" },
  "POST /api/v1/jobs/[id]/cancel": { session: "jobs.manage" },
  "POST /api/v1/market/import": { session: "market.manage" },
  "POST /api/v1/market/points": { session: "market.manage" },
  "GET /api/v1/market/series": { session: "fleet.read" },
  "GET /api/v1/market/series/[id]/points": { session: "fleet.read" },
  "GET /api/v1/overview": { session: "fleet.read" },
  "GET /api/v1/overview/power": { session: "fleet.read" },
  "GET /api/v1/rigs": { session: "fleet.read" },
  "GET /api/v1/rigs/[id]": { session: "fleet.read" },
  "POST /api/v1/rigs/[id]/actions": { session: "fleet.operate" },
  "GET /api/v1/rigs/[id]/events": { session: "fleet.read" },
  "GET /api/v1/rigs/[id]/series": { session: "fleet.read" },
  "POST /api/v1/rigs/actions": { session: "fleet.operate" },
  "GET /api/v1/rigs/filters": { session: "fleet.read" },
  "GET /api/v1/sites": { session: "fleet.read" },
  "GET /api/v1/sites/[id]": { session: "fleet.read" },
  "DELETE /api/v1/sites/[id]/cap-windows/[windowId]": { session: "policy.manage" },
  "POST /api/v1/sites/[id]/cap-windows": { session: "policy.manage" },
  "PUT /api/v1/sites/[id]/policy": { session: "policy.manage" },
  "GET /api/v1/sites/[id]/power": { session: "fleet.read" },
  "GET /api/v1/users": { session: "users.manage" },
  "POST /api/v1/users": { session: "users.manage" },
  "PATCH /api/v1/users/[id]": { session: "users.manage" },
  "GET /metrics": "metrics-token",
};

type TCaller = "nobody" | "expired session" | TRole | "api key" | "revoked api key" | "rig token" | "another rig's token" | "revoked rig token";
const CALLERS: TCaller[] = ["nobody", "expired session", ...ROLES, "api key", "revoked api key", "rig token", "another rig's token", "revoked rig token"];

function headersOf(caller: TCaller, p: TPrincipals): Record<string, string> {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  switch (caller) {
    case "nobody":
      return {};
    case "expired session":
      return { cookie: cookieOf(p.expiredSession) };
    case "api key":
      return bearer(p.apiKey.key);
    case "revoked api key":
      return bearer(p.revokedApiKey);
    case "rig token":
      return bearer(p.rigA.rigToken);
    case "another rig's token":
      return bearer(p.rigB.rigToken);
    case "revoked rig token":
      return bearer(p.revokedRigToken);
    default:
      return { cookie: cookieOf(p.sessions[caller]) };
  }
}

function allowed(access: TAccess, caller: TCaller): boolean {
  if (access === "public" || access === "enrollment-token") return true;
  if (access === "metrics-token") return false;
  if (access === "rig") return caller === "rig token" || caller === "another rig's token";
  if (access === "api-key") return caller === "api key";
  return (ROLES as readonly string[]).includes(caller) && can(caller as TRole, access.session);
}

let p: TPrincipals;
beforeAll(async () => {
  await truncateAll(db);
  p = await seedPrincipals(db);
});
afterAll(() => db.close());

const routes = listRoutes();
const endpoints = routes.flatMap((r) => r.methods.map((method) => ({ key: `${method} ${r.pattern}`, method, route: r })));

/** `origin`: null sends none. */
function request(method: TMethod, pattern: string, headers: Record<string, string>, origin: string | null, xff: string) {
  const url = `${WEB_URL}${fill(pattern, new Proxy({}, { get: () => "999999" }) as Record<string, string>)}`;
  const write = isWrite(method);
  return fetch(url, {
    method,
    headers: { ...headers, "x-forwarded-for": xff, ...(write ? { "content-type": "application/json", ...(origin ? { origin } : {}) } : {}) },
    body: write ? "{}" : undefined,
    redirect: "manual",
    signal: AbortSignal.timeout(20_000),
  });
}

describe("the auth matrix", () => {
  it("classifies every route on disk, and only routes on disk", () => {
    const onDisk = endpoints.map((e) => e.key);
    expect(
      onDisk.filter((k) => !(k in ACCESS)),
      "routes missing from ACCESS: classify them",
    ).toEqual([]);
    expect(
      Object.keys(ACCESS).filter((k) => !onDisk.includes(k)),
      "ACCESS names routes that no longer exist",
    ).toEqual([]);
  });

  it("refuses a cookie-authenticated write without this site's Origin (CSRF)", async () => {
    const writes = endpoints.filter((e) => isWrite(e.method) && (typeof ACCESS[e.key] === "object" || e.route.pattern.startsWith("/api/auth/")));
    expect(writes.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const origin of ["http://evil.example", `${WEB_URL}.evil.example`, "null", "http://[::1", null]) {
      for (const e of writes) {
        const res = await request(e.method, e.route.pattern, { cookie: cookieOf(p.sessions.ADMIN) }, origin, "10.78.0.1");
        if (res.status !== 403) failures.push(`${e.key} with Origin ${origin ?? "(none)"}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("lets through exactly the callers the table allows", async () => {
    const failures: string[] = [];
    const check = async (e: (typeof endpoints)[number], caller: TCaller, xff: string) => {
      const res = await request(e.method, e.route.pattern, headersOf(caller, p), WEB_URL, xff);
      const refused = res.status === 401 || res.status === 403;
      const expectRefused = !allowed(ACCESS[e.key]!, caller);
      // A 503 is a service's state (health reports Redis or Postgres down), not an auth decision.
      if ((res.status >= 500 && res.status !== 503) || refused !== expectRefused)
        failures.push(`${e.key} as ${caller}: ${res.status}, expected ${expectRefused ? "401/403" : "not 401/403"}`);
      // Signed out or unknown credentials: 401. Signed in without the permission: 403.
      if (expectRefused && typeof ACCESS[e.key] === "object") {
        const want = (ROLES as readonly string[]).includes(caller) ? 403 : 401;
        if (res.status !== want) failures.push(`${e.key} as ${caller}: ${res.status}, expected ${want}`);
      }
    };
    const classified = endpoints.filter((e) => e.key in ACCESS);
    const signOut = classified.filter((e) => e.key === "POST /api/auth/sign-out");
    for (const [i, caller] of CALLERS.entries()) {
      await Promise.all(classified.filter((e) => !signOut.includes(e)).map((e) => check(e, caller, `10.77.0.${i + 1}`)));
    }
    // Last: signing out ends the session it is sent with.
    for (const [i, caller] of CALLERS.entries()) for (const e of signOut) await check(e, caller, `10.77.0.${i + 1}`);
    expect(failures).toEqual([]);
  }, 120_000);
});

describe("the session cookie", () => {
  const expiresAt = new Date("2026-11-22T12:00:00Z");

  it("is HttpOnly, SameSite=Lax, scoped to the site, and Secure unless INSECURE_COOKIES", () => {
    const secure = sessionCookie({ token: "rss_x", expiresAt, secure: true });
    expect(secure).toMatch(/^rigshift_session=rss_x;/);
    for (const attribute of ["HttpOnly", "SameSite=Lax", "Path=/", "Secure", `Expires=${expiresAt.toUTCString()}`]) expect(secure.split("; ")).toContain(attribute);
    expect(sessionCookie({ token: "rss_x", expiresAt, secure: false }).split("; ")).not.toContain("Secure");
  });

  it("is cleared with the same attributes on sign-out", () => {
    const cleared = clearedSessionCookie({ secure: true }).split("; ");
    for (const attribute of ["rigshift_session=", "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=0", "Secure"]) expect(cleared).toContain(attribute);
  });

  it("comes from sign-in with those attributes (this stack serves plain HTTP: no Secure)", async () => {
    await ensureUser({ db: db.prisma, email: "cookie@test.example", name: "C", role: "VIEWER", password: "correct horse battery" });
    const res = await fetch(`${WEB_URL}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: WEB_URL!, "x-forwarded-for": "10.79.0.1" },
      body: JSON.stringify({ email: "cookie@test.example", password: "correct horse battery" }),
    });
    expect(res.status).toBe(200);
    const attributes = (res.headers.get("set-cookie") ?? "").split("; ");
    expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/"]));
  });
});
