import type { TChannelKind } from "./types";

const DOTS = "••••";

/**
 * A channel's credential as admins see it: enough to tell two apart, never enough to use.
 * The last 4 characters only, after the parts that are not secret: a Slack URL's host, a
 * Telegram bot's numeric id.
 */
export function maskSecret(kind: TChannelKind, secret: string): string {
  const tail = secret.length >= 16 ? secret.slice(-4) : "";
  if (kind === "SLACK") {
    try {
      return `${new URL(secret).origin}/${DOTS}${tail}`;
    } catch {
      return `${DOTS}${tail}`;
    }
  }
  if (kind === "TELEGRAM") {
    const bot = /^(\d+):/.exec(secret)?.[1];
    return `${bot ? `${bot}:` : ""}${DOTS}${tail}`;
  }
  return `${DOTS}${tail}`;
}

/** Removes a credential from text bound for a log or an error column (a URL with a token in its path). */
export function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join(DOTS) : text;
}
