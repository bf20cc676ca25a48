/**
 * Notification channels (Settings, admin): the same rules in the form and in the routes.
 * A channel's credential depends on its kind: a webhook's signing secret (generated when left
 * blank), a Slack incoming-webhook URL, a Telegram bot token.
 */
import { ALERT_KIND_KEYS, SEVERITIES } from "@rigshift/db/alert-kinds";
import { z } from "zod";
import { intField, pageSize, textField } from "./fields";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const httpUrl = z
  .string({ error: "required" })
  .trim()
  .min(1, "required")
  .max(2000, "at most 2000 characters")
  // Any host, addresses included: receivers on the farm's own network are common.
  .pipe(z.url({ protocol: /^https?$/, error: "an http(s) URL, e.g. https://ops.example.com/rigshift" }));

const webhookSecret = z.preprocess(blankToUndefined, z.string().min(16, "at least 16 characters, or leave blank to generate one").max(200, "at most 200 characters").optional());

const botToken = z
  .string({ error: "required" })
  .trim()
  .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, "a bot token from @BotFather, e.g. 123456789:AAH…");

const chatId = z
  .string({ error: "required" })
  .trim()
  .regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/, "a numeric chat id (e.g. -1001234567890) or @channelname");

const kinds = z.array(z.enum(ALERT_KIND_KEYS, { error: "not an alert kind" })).max(ALERT_KIND_KEYS.length);
const minSeverity = z.enum(SEVERITIES, { error: "choose info, warning or critical" });

const common = {
  name: textField(80),
  enabled: z.boolean().default(true),
  /** Empty: every kind. */
  kinds: kinds.default([]),
  minSeverity: minSeverity.default("WARNING"),
  notifyResolved: z.boolean().default(false),
};

// POST /api/v1/notification-channels
export const ZChannelCreate = z.discriminatedUnion(
  "kind",
  [
    z.object({ ...common, kind: z.literal("WEBHOOK"), url: httpUrl, secret: webhookSecret }),
    z.object({ ...common, kind: z.literal("SLACK"), url: httpUrl }),
    z.object({ ...common, kind: z.literal("TELEGRAM"), botToken, chatId }),
  ],
  { error: "choose webhook, Slack or Telegram" },
);
export type TChannelCreateInput = z.input<typeof ZChannelCreate>;

// PATCH /api/v1/notification-channels/:id (credential fields must fit the channel's kind)
export const ZChannelUpdate = z
  .object({
    name: textField(80).optional(),
    enabled: z.boolean().optional(),
    kinds: kinds.optional(),
    minSeverity: minSeverity.optional(),
    notifyResolved: z.boolean().optional(),
    url: httpUrl.optional(),
    secret: z.string().min(16, "at least 16 characters").max(200, "at most 200 characters").optional(),
    botToken: botToken.optional(),
    chatId: chatId.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: "change at least one setting" });

// GET /api/v1/notification-deliveries
export const ZDeliveryQuery = z.object({
  channelId: intField(1, 2_147_483_647).optional(),
  status: z.enum(["PENDING", "DELIVERED", "FAILED"], { error: "one of PENDING, DELIVERED, FAILED" }).optional(),
  before: intField(1, 2_147_483_647).optional(),
  limit: pageSize(200, 50),
});
