import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { invalid, notFound } from "../errors";
import { channelAudit, channelShape } from "./channel-shape";
import { nameTaken } from "./name-taken";
import type { TChannelKind, TChannelPatch } from "./types";

/** Which credential fields each kind has (the rest are refused on update). */
const FIELDS: Record<TChannelKind, (keyof TChannelPatch)[]> = { WEBHOOK: ["url", "secret"], SLACK: ["url"], TELEGRAM: ["botToken", "chatId"] };
const CREDENTIALS: (keyof TChannelPatch)[] = ["url", "secret", "botToken", "chatId"];

/** Changes a channel's settings or credential (rotation); enabling and disabling is one such change. Audited without the credential. */
export async function updateNotificationChannel({ db, actor, channelId, patch, now }: { db: Database; actor: TActor; channelId: number; patch: TChannelPatch; now: Date }) {
  try {
    return await db.prisma.$transaction(async (tx) => {
      const before = await tx.notificationChannel.findUnique({ where: { id: channelId }, omit: { secret: false } });
      if (!before) throw notFound(`notification channel ${channelId}`);
      const refused = CREDENTIALS.filter((f) => patch[f] !== undefined && !FIELDS[before.kind].includes(f));
      if (refused.length) {
        throw invalid(
          `a ${before.kind.toLowerCase()} channel has no ${refused[0]}`,
          refused.map((f) => ({ path: f, message: `not a setting of a ${before.kind.toLowerCase()} channel` })),
        );
      }
      const credential = before.kind === "SLACK" ? patch.url : before.kind === "TELEGRAM" ? patch.botToken : patch.secret;
      const after = await tx.notificationChannel.update({
        where: { id: channelId },
        omit: { secret: false },
        data: {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
          ...(patch.kinds !== undefined ? { kinds: [...new Set(patch.kinds)] } : {}),
          ...(patch.minSeverity !== undefined ? { minSeverity: patch.minSeverity } : {}),
          ...(patch.notifyResolved !== undefined ? { notifyResolved: patch.notifyResolved } : {}),
          ...(before.kind === "WEBHOOK" && patch.url !== undefined ? { url: patch.url } : {}),
          ...(patch.chatId !== undefined ? { chatId: patch.chatId } : {}),
          ...(credential !== undefined ? { secret: credential } : {}),
          updatedAt: now,
        },
      });
      await recordAudit(tx, {
        actor,
        action: "notification_channel.update",
        targetType: "notification_channel",
        targetId: channelId,
        before: channelAudit(before),
        after: { ...channelAudit(after), ...(credential !== undefined ? { credentialReplaced: true } : {}) },
        at: now,
      });
      return channelShape(after);
    });
  } catch (error) {
    throw nameTaken(error, patch.name);
  }
}
