/** Channels (credentials kept out of the API and the audit log), the alert fan-out, and the delivery claim. */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { refreshAlerts } from "../alerts/refresh-alerts";
import { resolveAlert } from "../alerts/resolve-alert";
import type { TActor } from "../audit/record-audit";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig } from "../testkit/seed-farm";
import { claimDelivery } from "./claim-delivery";
import { createNotificationChannel } from "./create-channel";
import { finishAttempt } from "./finish-delivery";
import { listNotificationChannels } from "./list-channels";
import { listNotificationDeliveries } from "./list-deliveries";
import { deliveriesToQueue, markQueued } from "./sweep-deliveries";
import { updateNotificationChannel } from "./update-channel";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const actor: TActor = { userId: null, label: "admin@example.com" };
const base = { kinds: [], minSeverity: "WARNING" as const, notifyResolved: false };
const BOT = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const SLACK = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXabcd";

describe("channels", () => {
  it("never shows or audits a credential: a generated webhook secret is returned once, then only its last characters", async () => {
    const now = new Date();
    const created = await createNotificationChannel({ db, actor, input: { ...base, name: "ops hook", kind: "WEBHOOK", url: "https://ops.example/hook" }, now });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await createNotificationChannel({ db, actor, input: { ...base, name: "slack", kind: "SLACK", url: SLACK }, now });
    await createNotificationChannel({ db, actor, input: { ...base, name: "tg", kind: "TELEGRAM", botToken: BOT, chatId: "-1001234" }, now });
    const channels = await listNotificationChannels({ db });
    expect(channels.map((c) => [c.name, c.secretHint, c.url])).toEqual([
      ["ops hook", `••••${created.secret!.slice(-4)}`, "https://ops.example/hook"],
      ["slack", "https://hooks.slack.com/••••abcd", null],
      ["tg", "123456789:••••Dsaw", null],
    ]);
    await updateNotificationChannel({ db, actor, channelId: channels[2]!.id, patch: { botToken: "987:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", enabled: false }, now });
    const audit = JSON.stringify(await db.prisma.auditLog.findMany({ select: { action: true, before: true, after: true } }));
    for (const secret of [created.secret!, SLACK, "XXXXXXXX", BOT, "ZZZZZZZZ", "••••"]) expect(audit).not.toContain(secret);
    expect(audit).toContain('"credentialReplaced":true');
    expect(JSON.stringify(await db.prisma.notificationChannel.findMany())).not.toContain("whsec_"); // omitted by default
  });

  it("refuses a duplicate name and settings that do not fit the channel's kind, naming the field", async () => {
    const now = new Date();
    const { channel } = await createNotificationChannel({ db, actor, input: { ...base, name: "tg", kind: "TELEGRAM", botToken: BOT, chatId: "42" }, now });
    await expect(createNotificationChannel({ db, actor, input: { ...base, name: "tg", kind: "SLACK", url: SLACK }, now })).rejects.toMatchObject({
      code: "CONFLICT",
      issues: [{ path: "name" }],
    });
    await expect(updateNotificationChannel({ db, actor, channelId: channel.id, patch: { secret: "nope-nope-nope-nope" }, now })).rejects.toMatchObject({
      code: "INVALID",
      issues: [{ path: "secret" }],
    });
    await expect(updateNotificationChannel({ db, actor, channelId: channel.id + 1, patch: { enabled: false }, now })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("fan-out from refreshAlerts", () => {
  it("queues each opened alert once per matching channel: kinds, minimum severity, enabled, resolutions on request", async () => {
    const now = new Date();
    const site = await seedSite(db);
    const hot = await seedRig(db, { siteId: site.id, hostname: "hot", maxTempC: 95 }, now); // gpu.overtemp, CRITICAL
    await seedRig(db, { siteId: site.id, hostname: "gone", lastSeenAgoSeconds: 3600 }, now); // rig.offline, WARNING
    const make = (name: string, extra: object) =>
      createNotificationChannel({ db, actor, input: { ...base, name, kind: "WEBHOOK", url: `https://x.example/${name}`, secret: "s3cret-s3cret-s3cret", ...extra }, now });
    const all = await make("all", { notifyResolved: true });
    const heat = await make("heat", { kinds: ["gpu.overtemp"] });
    const critical = await make("critical", { minSeverity: "CRITICAL" });
    await make("off", { enabled: false });

    const thresholds = { offlineAfterSeconds: 300 };
    expect(await refreshAlerts({ db, now, thresholds })).toEqual({ opened: 2, resolved: 0, notifications: 4 });
    await Promise.all([refreshAlerts({ db, now, thresholds }), refreshAlerts({ db, now, thresholds })]);
    const rows = await db.prisma.notificationDelivery.findMany({ include: { alert: true }, orderBy: [{ channelId: "asc" }, { alertId: "asc" }] });
    expect(rows.map((d) => [d.channelId, d.alert!.kind, d.event, d.status])).toEqual([
      [all.channel.id, "rig.offline", "OPENED", "PENDING"],
      [all.channel.id, "gpu.overtemp", "OPENED", "PENDING"],
      [heat.channel.id, "gpu.overtemp", "OPENED", "PENDING"],
      [critical.channel.id, "gpu.overtemp", "OPENED", "PENDING"],
    ]);

    // Cleared by refresh, or resolved by hand: only the channel that asked hears of it.
    await db.prisma.rigState.update({ where: { rigId: hot.id }, data: { maxTempC: 60 } });
    expect(await refreshAlerts({ db, now, thresholds })).toMatchObject({ resolved: 1, notifications: 1 });
    const offline = await db.prisma.alert.findFirstOrThrow({ where: { kind: "rig.offline" } });
    await resolveAlert({ db, actor, alertId: offline.id, now });
    const resolvedEvents = await db.prisma.notificationDelivery.findMany({ where: { event: "RESOLVED" } });
    expect(resolvedEvents.map((d) => d.channelId)).toEqual([all.channel.id, all.channel.id]);
  });
});

describe("delivery claim and sweep", () => {
  it("lets one worker at a time attempt a pending delivery, and none once it is finished", async () => {
    const now = new Date();
    const { channel } = await createNotificationChannel({
      db,
      actor,
      input: { ...base, name: "hook", kind: "WEBHOOK", url: "https://x.example/", secret: "s3cret-s3cret-s3cret" },
      now,
    });
    const d = await db.prisma.notificationDelivery.create({ data: { channelId: channel.id, event: "TEST" } });
    expect((await deliveriesToQueue({ db, now, requeueAfterMs: 60_000, limit: 10 })).map((x) => x.id)).toEqual([d.id]);
    await markQueued({ db, ids: [d.id], now });
    expect(await deliveriesToQueue({ db, now, requeueAfterMs: 60_000, limit: 10 })).toEqual([]);

    const first = await claimDelivery({ db, deliveryId: d.id, now, leaseMs: 30_000 });
    expect(first).toMatchObject({ attempt: 1, channel: { secret: "s3cret-s3cret-s3cret" }, alert: null });
    expect(await claimDelivery({ db, deliveryId: d.id, now, leaseMs: 30_000 })).toBeNull();
    await finishAttempt({ db, deliveryId: d.id, outcome: { status: "RETRY", httpStatus: 503, error: "HTTP 503" }, now });
    expect(await claimDelivery({ db, deliveryId: d.id, now, leaseMs: 30_000 })).toMatchObject({ attempt: 2 });
    await finishAttempt({ db, deliveryId: d.id, outcome: { status: "DELIVERED", httpStatus: 200 }, now });
    expect(await claimDelivery({ db, deliveryId: d.id, now, leaseMs: 30_000 })).toBeNull();
    const { deliveries } = await listNotificationDeliveries({ db, channelId: channel.id, status: "DELIVERED", limit: 10 });
    expect(deliveries).toMatchObject([{ id: d.id, attempts: 2, lastHttpStatus: 200, lastError: null, event: "TEST" }]);
  });
});
