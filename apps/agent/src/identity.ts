import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as z from "zod";

/** What enrollment gave this rig; kept in stateDir with mode 0600 (the token is a secret). */
const ZIdentity = z.object({ rigId: z.number().int(), rigToken: z.string().min(10), siteCode: z.string(), controlPlaneUrl: z.string() });
export type TIdentity = z.infer<typeof ZIdentity>;

export function readJsonFile<T>(file: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeJsonFile(file: string, value: unknown) {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
  renameSync(tmp, file);
}

export const loadIdentity = (stateDir: string) => readJsonFile(path.join(stateDir, "identity.json"), ZIdentity);
export const saveIdentity = (stateDir: string, identity: TIdentity) => writeJsonFile(path.join(stateDir, "identity.json"), identity);

const ZProposed = z.object({ rigToken: z.string().regex(/^rsa_[A-Za-z0-9_-]{43,}$/) });

/** The rig token this agent proposes at enrollment: created once, kept (0600) until enrolled. */
export function loadOrCreateProposedToken(stateDir: string): string {
  const file = path.join(stateDir, "enrollment.json");
  const existing = readJsonFile(file, ZProposed);
  if (existing) return existing.rigToken;
  const rigToken = `rsa_${randomBytes(32).toString("base64url")}`;
  writeJsonFile(file, { rigToken });
  return rigToken;
}
