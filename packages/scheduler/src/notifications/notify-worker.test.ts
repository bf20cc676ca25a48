/**
 * The notification worker against real Postgres and Redis, delivering to local HTTP receivers
 * posing as a webhook endpoint, Slack and the Telegram API.
 */
import { createHmac } from "node:crypto";
import { createDatabase, refreshAlerts } from "@rigshift/db";
import { createNotificationChannel, requestTestNotification } from "@rigshift/db/notifications";
import { seedRig, seedSite, testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueueNotification } from "./queue";
import { startReceiver } from "./test-receiver";
import { startNotificationWorker } from "./worker";

const db = testDatabase(process.env.DATABASE_URL);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `${(process.env.TEST_DB_NAME ?? "rigshift-test").replace(/_/g, "-")}-notify-${process.pid}-${Date.now()}`;
const actor = { userId: null, label: "admin@example.com" };
const SECRET = "whsec_test-secret-for-signatures";
const BOT = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const thresholds = { offlineAfterSeconds: 300 };

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let worker: Awaited<ReturnType<typeof startNotificationWorker>>;
const start = () =>
  startNotificationWorker({ db, redisUrl, prefix, telegramApiBase: receiver.base, dashboardUrl: "https://rigshift.example", sweepEveryMs: 200, retryDelayMs: 150 });

beforeAll(async () => {
  receiver = await startReceiver();
  worker = await start();
});
afterAll(async () => {
  await worker.queue.obliterate({ force: true }).catch(() => {});
  await worker.close();
  await receiver.close();
  await db.close();
});
beforeEach(() => truncateAll(db));
afterEach(() => receiver.reset());

/** The address of a server that just closed: connections are refused. */
async function closedPort() {
  const r = await startReceiver();
  await r.close();
  return r.base;
}

async function until(check: () => Promise<boolean> | boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}
const settled = async () => (await db.prisma.notificationDelivery.count({ where: { status: "PENDING" } })) === 0;
const base = { kinds: [] as string[], minSeverity: "WARNING" as const, notifyResolved: false };
const webhook = (name: string, extra: object = {}) =>
  createNotificationChannel({ db, actor, input: { ...base, name, kind: "WEBHOOK", url: `${receiver.base}/hooks/${name}`, secret: SECRET, ...extra }, now: new Date() });

/** A site with a rig whose GPUs are too hot (gpu.overtemp, CRITICAL) and one that went silent (rig.offline, WARNING). */
async function hotFarm() {
  const now = new Date();
  const site = await seedSite(db, { code: "TX-1" });
  const hot = await seedRig(db, { siteId: site.id, hostname: "hot-01", maxTempC: 95 }, now);
  await seedRig(db, { siteId: site.id, hostname: "gone-01", lastSeenAgoSeconds: 3600 }, now);
  return { now, hot };
}

describe("webhooks", () => {
  it("posts the alert as signed JSON: the receiver's HMAC of '<timestamp>.<body>' matches", async () => {
    const { channel } = await webhook("ops", { kinds: ["gpu.overtemp"] });
    const { now, hot } = await hotFarm();
    await refreshAlerts({ db, now, thresholds });
    await until(settled);

    const [got, ...more] = receiver.to("/hooks/ops");
    expect(more).toHaveLength(0);
    const timestamp = got!.headers["x-rigshift-timestamp"] as string;
    const expected = `sha256=${createHmac("sha256", SECRET).update(`${timestamp}.${got!.raw}`).digest("hex")}`;
    expect(got!.headers["x-rigshift-signature"]).toBe(expected);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const delivery = await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: channel.id } });
    expect(got!.headers["x-rigshift-delivery"]).toBe(delivery.key);
    expect(got!.headers["content-type"]).toBe("application/json");
    expect(got!.json).toMatchObject({
      id: delivery.key,
      event: "alert.opened",
      channel: { id: channel.id, name: "ops" },
      alert: {
        kind: "gpu.overtemp",
        severity: "CRITICAL",
        message: "hottest GPU at 95 °C, above the site limit of 83 °C",
        rig: { id: hot.id, hostname: "hot-01" },
        site: { code: "TX-1" },
      },
      title: "🔴 CRITICAL: GPU over its temperature limit on rig hot-01 (TX-1)",
      link: `https://rigshift.example/rigs/${hot.id}`,
    });
    expect(delivery).toMatchObject({ status: "DELIVERED", attempts: 1, lastHttpStatus: 200, lastError: null });
  });

  it("retries a receiver answering 500 twice: three attempts, one delivery id, delivered", async () => {
    const { channel } = await webhook("flaky", { kinds: ["gpu.overtemp"] });
    receiver.answer("/hooks/flaky", 500, 500);
    const { now } = await hotFarm();
    await refreshAlerts({ db, now, thresholds });
    await until(settled);
    const got = receiver.to("/hooks/flaky");
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.headers["x-rigshift-delivery"])).size).toBe(1);
    expect(await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: channel.id } })).toMatchObject({
      status: "DELIVERED",
      attempts: 3,
      lastHttpStatus: 200,
      lastError: null,
    });
  });

  it("gives up at once on a 400: one attempt, failed, with the answer kept", async () => {
    const { channel } = await webhook("strict", { kinds: ["gpu.overtemp"] });
    receiver.answer("/hooks/strict", 400);
    const { now } = await hotFarm();
    await refreshAlerts({ db, now, thresholds });
    await until(settled);
    await new Promise((r) => setTimeout(r, 500)); // no retry follows
    expect(receiver.to("/hooks/strict")).toHaveLength(1);
    expect(await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: channel.id } })).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastHttpStatus: 400,
      lastError: 'HTTP 400: {"ok":false,"description":"scripted 400"}',
    });
  });

  it("sends a channel only the kinds it subscribes to, at or above its severity", async () => {
    await webhook("offline-only", { kinds: ["rig.offline"] });
    await webhook("critical-only", { minSeverity: "CRITICAL" });
    const { now } = await hotFarm();
    await refreshAlerts({ db, now, thresholds });
    await until(settled);
    expect(receiver.to("/hooks/offline-only").map((r) => (r.json.alert as { kind: string }).kind)).toEqual(["rig.offline"]);
    expect(receiver.to("/hooks/critical-only").map((r) => (r.json.alert as { kind: string }).kind)).toEqual(["gpu.overtemp"]);
  });

  it("delivers an alert once, however many workers refresh alerts and send", async () => {
    await webhook("once");
    const second = createDatabase(process.env.DATABASE_URL!);
    const other = await startNotificationWorker({ db: second, redisUrl, prefix, telegramApiBase: receiver.base, sweepEveryMs: 100, retryDelayMs: 150 });
    try {
      const { now } = await hotFarm();
      await Promise.all([
        refreshAlerts({ db, now, thresholds }),
        refreshAlerts({ db: second, now, thresholds }),
        refreshAlerts({ db, now: new Date(now.getTime() + 1000), thresholds }),
      ]);
      await Promise.all([worker.sweep(), other.sweep(), worker.sweep()]);
      await until(settled);
      await refreshAlerts({ db: second, now: new Date(now.getTime() + 2000), thresholds });
      await new Promise((r) => setTimeout(r, 800)); // several sweeps by both workers
      const kinds = receiver.to("/hooks/once").map((r) => (r.json.alert as { kind: string }).kind);
      expect(kinds.sort()).toEqual(["gpu.overtemp", "rig.offline"]);
    } finally {
      await other.close();
      await second.close();
    }
  });
});

describe("Slack and Telegram", () => {
  it("posts a Slack message with text and blocks, and a Telegram sendMessage to the bot API base", async () => {
    const slackPath = "/services/T0001/B0001/abcdefghijklmnopqrstuvwx";
    await createNotificationChannel({ db, actor, input: { ...base, name: "slack", kind: "SLACK", url: `${receiver.base}${slackPath}` }, now: new Date() });
    await createNotificationChannel({ db, actor, input: { ...base, name: "tg", kind: "TELEGRAM", botToken: BOT, chatId: "-100200300" }, now: new Date() });
    const { now } = await hotFarm();
    await refreshAlerts({ db, now, thresholds });
    await until(settled);

    const slack = receiver.to(slackPath);
    expect(slack).toHaveLength(2);
    const hot = slack.find((r) => String(r.json.text).includes("GPU over"))!;
    expect(hot.json.text).toBe("🔴 CRITICAL: GPU over its temperature limit on rig hot-01 (TX-1): hottest GPU at 95 °C, above the site limit of 83 °C");
    expect(hot.json.blocks).toMatchObject([
      {
        type: "section",
        text: { type: "mrkdwn", text: "*🔴 CRITICAL: GPU over its temperature limit on rig hot-01 (TX-1)*\nhottest GPU at 95 °C, above the site limit of 83 °C" },
      },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: expect.stringMatching(/^alert #\d+ · gpu.overtemp · opened .* UTC · <https:\/\/rigshift.example\/rigs\/\d+\|open in Rigshift>$/) }],
      },
    ]);

    const telegram = receiver.to(`/bot${BOT}/sendMessage`);
    expect(telegram).toHaveLength(2);
    const offline = telegram.find((r) => String(r.json.text).includes("Rig offline"))!;
    expect(offline.json).toMatchObject({ chat_id: "-100200300", parse_mode: "HTML", disable_web_page_preview: true });
    expect(offline.json.text).toMatch(/^<b>🟠 WARNING: Rig offline on rig gone-01 \(TX-1\)<\/b>\nno report since .* UTC\n<i>alert #\d+ · rig.offline · opened .*<\/i>/);
  });

  it("sends a test message on request, and never stores or reports a bot token in an error", async () => {
    const { channel } = await createNotificationChannel({
      db,
      actor,
      input: { ...base, name: "tg", kind: "TELEGRAM", botToken: BOT, chatId: "42", enabled: false },
      now: new Date(),
    });
    receiver.answer(`/bot${BOT}/sendMessage`, 401);
    const test = await requestTestNotification({ db, actor, channelId: channel.id, now: new Date() });
    await enqueueNotification({ redisUrl, prefix, deliveryId: test.id, key: test.key });
    await until(settled);
    const [got] = receiver.to(`/bot${BOT}/sendMessage`);
    expect(got!.json.text).toContain("Test notification from Rigshift");
    const row = await db.prisma.notificationDelivery.findUniqueOrThrow({ where: { id: test.id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, lastHttpStatus: 401, event: "TEST", requestedBy: "admin@example.com" });

    // A receiver that is not there: the network error names no URL, and the token appears nowhere.
    // (The shared worker steps aside: its sweep would take the delivery to the live receiver.)
    await worker.close();
    await db.prisma.notificationChannel.update({ where: { id: channel.id }, data: { secret: `${BOT}x` } });
    const closed = await startNotificationWorker({ db, redisUrl, prefix: `${prefix}-closed`, telegramApiBase: await closedPort(), sweepEveryMs: 100, retryDelayMs: 50 });
    try {
      const again = await requestTestNotification({ db, actor, channelId: channel.id, now: new Date() });
      await until(async () => (await db.prisma.notificationDelivery.findUniqueOrThrow({ where: { id: again.id } })).status === "FAILED", 20_000);
      const failed = await db.prisma.notificationDelivery.findUniqueOrThrow({ where: { id: again.id } });
      expect(failed.attempts).toBe(8);
      expect(failed.lastError).toMatch(/^network error: ECONNREFUSED \(gave up after 8 attempts\)$/);
      expect(JSON.stringify(await db.prisma.notificationDelivery.findMany())).not.toContain(BOT.split(":")[1]!);
    } finally {
      await closed.queue.obliterate({ force: true }).catch(() => {});
      await closed.close();
      worker = await start();
    }
  }, 40_000);
});
