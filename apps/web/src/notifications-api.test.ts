/** The notification channel API over HTTP against the running web app: roles, validation, masked credentials, audit. */
import { ensureUser } from "@rigshift/db/seed";
import { testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const WEB_URL = process.env.WEB_URL;
if (!WEB_URL) throw new Error("WEB_URL is not set: run with `npm test`, which starts the web app");
const db = testDatabase(process.env.DATABASE_URL);
const PASSWORD = "correct horse battery staple";
const cookies: Record<string, string> = {};

beforeAll(async () => {
  await truncateAll(db);
  for (const role of ["ADMIN", "OPERATOR", "VIEWER"] as const) {
    const email = `${role.toLowerCase()}@notify.test`;
    await ensureUser({ db: db.prisma, email, name: role, role, password: PASSWORD });
    const res = await fetch(`${WEB_URL}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: WEB_URL },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    cookies[role] = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  }
});
afterAll(() => db.close());

const call = (role: string, method: string, path: string, body?: unknown) =>
  fetch(`${WEB_URL}${path}`, {
    method,
    headers: { cookie: cookies[role]!, origin: WEB_URL, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const webhook = { name: "ops hook", kind: "WEBHOOK", url: "https://ops.example/rigshift", kinds: ["rig.offline", "site.over_cap"], minSeverity: "WARNING" };

describe("notification channels API", () => {
  it("refuses viewers, lets operators read, and only admins change channels", async () => {
    expect((await call("VIEWER", "GET", "/api/v1/notification-channels")).status).toBe(403);
    expect((await call("VIEWER", "GET", "/api/v1/notification-deliveries")).status).toBe(403);
    expect((await call("VIEWER", "POST", "/api/v1/notification-channels", webhook)).status).toBe(403);
    expect((await call("OPERATOR", "GET", "/api/v1/notification-channels")).status).toBe(200);
    expect((await call("OPERATOR", "POST", "/api/v1/notification-channels", webhook)).status).toBe(403);
    expect((await call("OPERATOR", "POST", "/api/v1/notification-channels/1/test")).status).toBe(403);
    expect((await fetch(`${WEB_URL}/api/v1/notification-channels`)).status).toBe(401);
  });

  it("answers 422 naming the field: a bad URL, a bad chat id, an unknown alert kind, no kind at all", async () => {
    const cases: [unknown, string][] = [
      [{ ...webhook, url: "not a url" }, "url"],
      [{ ...webhook, url: "ftp://ops.example/x" }, "url"],
      [{ name: "tg", kind: "TELEGRAM", botToken: "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", chatId: "not a chat" }, "chatId"],
      [{ ...webhook, kinds: ["rig.exploded"] }, "kinds.0"],
      [{ name: "x", url: "https://x.example/" }, "kind"],
    ];
    for (const [body, path] of cases) {
      const res = await call("ADMIN", "POST", "/api/v1/notification-channels", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    // Receivers on the farm's own network are addressed by IP: accepted.
    const lan = await call("ADMIN", "POST", "/api/v1/notification-channels", { ...webhook, name: "lan", url: "http://10.0.0.5:8080/hook" });
    expect(lan.status).toBe(201);
    expect((await call("ADMIN", "DELETE", `/api/v1/notification-channels/${(await lan.json()).channel.id}`)).status).toBe(200);
  });

  it("creates, tests, disables and deletes a channel: the secret is shown once, masked after, and never audited", async () => {
    const created = await call("ADMIN", "POST", "/api/v1/notification-channels", webhook);
    expect(created.status).toBe(201);
    const { channel, secret } = await created.json();
    expect(secret).toMatch(/^whsec_/);
    expect(channel).toMatchObject({ name: "ops hook", kind: "WEBHOOK", enabled: true, url: webhook.url, secretHint: `••••${secret.slice(-4)}`, lastDelivery: null });
    expect((await call("ADMIN", "POST", "/api/v1/notification-channels", webhook)).status).toBe(409);

    const list = await (await call("ADMIN", "GET", "/api/v1/notification-channels")).text();
    expect(list).not.toContain(secret);

    const test = await call("ADMIN", "POST", `/api/v1/notification-channels/${channel.id}/test`);
    expect(test.status).toBe(202);
    const { delivery } = await test.json();
    const log = await (await call("OPERATOR", "GET", `/api/v1/notification-deliveries?channelId=${channel.id}`)).json();
    expect(log.deliveries).toMatchObject([{ id: delivery.id, event: "TEST", channel: { id: channel.id, name: "ops hook" }, requestedBy: "admin@notify.test" }]);
    expect((await call("ADMIN", "GET", "/api/v1/notification-deliveries?status=SENT")).status).toBe(422);

    const patched = await call("ADMIN", "PATCH", `/api/v1/notification-channels/${channel.id}`, { enabled: false, secret: "a-new-secret-of-24-chars" });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ enabled: false, secretHint: "••••hars" });
    const refused = await call("ADMIN", "PATCH", `/api/v1/notification-channels/${channel.id}`, { botToken: "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.issues).toEqual([{ path: "botToken", message: "not a setting of a webhook channel" }]);

    expect((await call("ADMIN", "DELETE", `/api/v1/notification-channels/${channel.id}`)).status).toBe(200);
    expect((await call("ADMIN", "DELETE", `/api/v1/notification-channels/${channel.id}`)).status).toBe(404);
    expect((await (await call("ADMIN", "GET", "/api/v1/notification-channels")).json()).channels).toEqual([]);

    const audit = await db.prisma.auditLog.findMany({
      where: { targetType: "notification_channel", targetId: String(channel.id) },
      orderBy: { id: "asc" },
      select: { action: true, actorLabel: true, before: true, after: true },
    });
    expect(audit.map((a) => a.action)).toEqual(["notification_channel.create", "notification_channel.test", "notification_channel.update", "notification_channel.delete"]);
    expect(audit.every((a) => a.actorLabel === "admin@notify.test")).toBe(true);
    const text = JSON.stringify(audit);
    for (const s of [secret, "a-new-secret", "••••"]) expect(text).not.toContain(s);
  });
});
