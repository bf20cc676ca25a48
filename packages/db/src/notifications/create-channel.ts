import { randomBytes } from "node:crypto";
import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { channelAudit, channelShape } from "./channel-shape";
import { nameTaken } from "./name-taken";
import type { TChannelCreate } from "./types";

/**
 * Creates a notification channel. A webhook created without a signing secret gets one
 * ("whsec_…", 32 random bytes), returned in the result once; the API never shows it again.
 */
export async function createNotificationChannel({ db, actor, input, now }: { db: Database; actor: TActor; input: TChannelCreate; now: Date }) {
  const generated = input.kind === "WEBHOOK" && !input.secret ? `whsec_${randomBytes(32).toString("base64url")}` : undefined;
  const credentials =
    input.kind === "WEBHOOK"
      ? { url: input.url, secret: input.secret || generated!, chatId: null }
      : input.kind === "SLACK"
        ? { url: null, secret: input.url, chatId: null }
        : { url: null, secret: input.botToken, chatId: input.chatId };
  try {
    return await db.prisma.$transaction(async (tx) => {
      const row = await tx.notificationChannel.create({
        omit: { secret: false },
        data: {
          name: input.name,
          kind: input.kind,
          enabled: input.enabled ?? true,
          kinds: [...new Set(input.kinds)],
          minSeverity: input.minSeverity,
          notifyResolved: input.notifyResolved,
          ...credentials,
          createdAt: now,
          updatedAt: now,
        },
      });
      await recordAudit(tx, { actor, action: "notification_channel.create", targetType: "notification_channel", targetId: row.id, after: channelAudit(row), at: now });
      return { channel: channelShape(row), ...(generated ? { secret: generated } : {}) };
    });
  } catch (error) {
    throw nameTaken(error, input.name);
  }
}
