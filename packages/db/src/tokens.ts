import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Prefixes tell a leaked secret's kind at a glance (and let secret scanners find them). */
export type TTokenKind = "enroll" | "agent" | "session" | "apikey";
const PREFIX: Record<TTokenKind, string> = { enroll: "rse_", agent: "rsa_", session: "rss_", apikey: "rsk_" };

/** A new secret: 32 random bytes, base64url, with its kind's prefix. Only its hash is stored. */
export function newToken(kind: TTokenKind): string {
  return PREFIX[kind] + randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The first characters, safe to show, to tell tokens apart. */
export function tokenPrefix(token: string): string {
  return token.slice(0, 10);
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
