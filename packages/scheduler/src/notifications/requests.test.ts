/** The pure parts: what each channel kind is sent, and what an answer means. */
import type { TClaimedDelivery } from "@rigshift/db/notifications";
import { describe, expect, it } from "vitest";
import { requestFor, signatureOf } from "./requests";
import { sendRequest } from "./send";

const alert: TClaimedDelivery["alert"] = {
  id: 7,
  kind: "site.over_cap",
  severity: "CRITICAL",
  message: "drawing 41.0 kW (37.3 kW of rigs x PUE 1.10), above the 40.0 kW cap in effect (<demand> & response)",
  openedAt: new Date("2026-11-22T14:05:00Z"),
  resolvedAt: null,
  jobId: null,
  rig: null,
  site: { id: 2, code: "TX-1" },
};
const delivery = (kind: "WEBHOOK" | "SLACK" | "TELEGRAM", secret: string): TClaimedDelivery => ({
  id: 1,
  key: "5b0c7c1e-0000-4000-8000-000000000001",
  event: "OPENED",
  attempt: 1,
  createdAt: new Date("2026-11-22T14:05:00Z"),
  requestedBy: null,
  channel: { id: 3, name: "ops", kind, enabled: true, url: "https://ops.example/hook", secret, chatId: "-100" },
  alert,
});
const ctx = { timestampSeconds: 1_795_000_000, telegramApiBase: "https://api.telegram.org/", dashboardUrl: null };

describe("requests", () => {
  it("signs '<timestamp>.<body>' with HMAC-SHA256 (a vector checked with openssl dgst -hmac)", () => {
    expect(signatureOf("secret", 1_700_000_000, '{"a":1}')).toBe("sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686");
    const r = requestFor(delivery("WEBHOOK", "secret"), ctx);
    expect(r.headers["x-rigshift-signature"]).toBe(signatureOf("secret", ctx.timestampSeconds, r.body));
    expect(JSON.parse(r.body)).toMatchObject({ event: "alert.opened", sentAt: "2026-11-18T11:06:40.000Z", alert: { site: { code: "TX-1" }, rig: null } });
  });

  it("escapes Slack mrkdwn and Telegram HTML, and builds the bot URL from the API base", () => {
    const slack = JSON.parse(requestFor(delivery("SLACK", "https://hooks.slack.com/services/T/B/x"), ctx).body);
    expect(slack.blocks[0].text.text).toBe(
      "*🔴 CRITICAL: Site over its power cap on site TX-1*\ndrawing 41.0 kW (37.3 kW of rigs x PUE 1.10), above the 40.0 kW cap in effect (&lt;demand&gt; &amp; response)",
    );
    const tg = requestFor(delivery("TELEGRAM", "1:abc"), ctx);
    expect(tg.url).toBe("https://api.telegram.org/bot1:abc/sendMessage");
    expect(JSON.parse(tg.body).text).toContain("(&lt;demand&gt; &amp; response)");
  });
});

describe("what an answer means", () => {
  const answer = (status: number) => (async () => new Response(status === 204 ? null : "nope", { status })) as unknown as typeof fetch;
  const request = { url: "https://x.example/", headers: {}, body: "{}" };
  it.each([
    [200, "delivered"],
    [204, "delivered"],
    [301, "failed"],
    [400, "failed"],
    [404, "failed"],
    [410, "failed"],
    [429, "retry"],
    [500, "retry"],
    [503, "retry"],
  ])("HTTP %i: %s", async (status, kind) => {
    expect((await sendRequest(request, { fetch: answer(status), timeoutMs: 1000 })).kind).toBe(kind);
  });

  it("retries a receiver that does not answer in time", async () => {
    const hang = ((_url: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)))) as unknown as typeof fetch;
    expect(await sendRequest(request, { fetch: hang, timeoutMs: 50 })).toEqual({ kind: "retry", httpStatus: null, error: "no answer within 0.05 s" });
  });
});
