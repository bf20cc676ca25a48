import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { authenticateRig } from "../agents/authenticate";
import type { TActor } from "../audit/record-audit";
import { seedEnrolledRig, seedSite, testDatabase, truncateAll } from "../testing";
import { authenticateApiKey } from "./authenticate-api-key";
import { createApiKey } from "./create-api-key";
import { issueEnrollmentToken } from "./issue-enrollment-token";
import { listAgentTokens } from "./list-agent-tokens";
import { listApiKeys } from "./list-api-keys";
import { listEnrollmentTokens } from "./list-enrollment-tokens";
import { revokeAgentToken } from "./revoke-agent-token";
import { revokeApiKey } from "./revoke-api-key";
import { revokeEnrollmentToken } from "./revoke-enrollment-token";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const actor: TActor = { userId: null, label: "admin@example.com" };

describe("customer API keys", () => {
  it("shows the key once, stores only its hash, authenticates it until revoked", async () => {
    const created = await createApiKey({ db, actor, customer: "acme", now: new Date() });
    expect(created.key).toMatch(/^rsk_/);
    expect(created.prefix).toBe(created.key.slice(0, 10));
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).not.toContain(created.key.slice(4));
    expect(await authenticateApiKey({ db, key: created.key, now: new Date() })).toMatchObject({ customer: "acme", apiKeyId: created.id });
    expect(JSON.stringify(await listApiKeys({ db }))).not.toContain(created.key);
    await revokeApiKey({ db, actor, keyId: created.id, now: new Date() });
    await expect(authenticateApiKey({ db, key: created.key, now: new Date() })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(authenticateApiKey({ db, key: "rsa_not-a-customer-key", now: new Date() })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await db.prisma.auditLog.count({ where: { action: { startsWith: "api_key." } } })).toBe(2);
  });
});

describe("enrollment and agent tokens", () => {
  it("issues an enrollment token for a site and revokes it while unused", async () => {
    const site = await seedSite(db, { code: "S1" });
    const t = await issueEnrollmentToken({ db, actor, siteId: site.id, label: "rack 4", ttlHours: 24, now: new Date() });
    expect(t.token).toMatch(/^rse_/);
    expect((await listEnrollmentTokens({ db, now: new Date() }))[0]).toMatchObject({ label: "rack 4", siteCode: "S1", state: "valid", createdBy: "admin@example.com" });
    await revokeEnrollmentToken({ db, actor, tokenId: t.id, now: new Date() });
    expect((await listEnrollmentTokens({ db, now: new Date() }))[0]!.state).toBe("revoked");
    await expect(revokeEnrollmentToken({ db, actor, tokenId: t.id, now: new Date() })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("revokes a rig's agent token: the rig is refused from then on", async () => {
    const rig = await seedEnrolledRig(db, { hostname: "r1" });
    const page = await listAgentTokens({ db, q: "R1", page: 1, pageSize: 10 });
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ prefix: rig.rigToken.slice(0, 10), rig: { hostname: "r1" }, revokedAt: null });
    await revokeAgentToken({ db, actor, tokenId: page.rows[0]!.id, now: new Date() });
    await expect(authenticateRig({ pool: db.pool, token: rig.rigToken })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
