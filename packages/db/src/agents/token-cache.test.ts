import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { seedEnrolledRig, testDatabase, truncateAll } from "../testing";
import { RigTokenCache } from "./token-cache";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

describe("RigTokenCache", () => {
  it("answers from memory while the token is valid, and stops accepting it one sweep after revocation", async () => {
    const rig = await seedEnrolledRig(db);
    let clock = Date.now();
    const cache = new RigTokenCache({ ttlMs: 600_000, sweepMs: 5_000, now: () => clock });
    expect(await cache.authenticate(db.pool, rig.rigToken)).toMatchObject({ rigId: rig.rigId });

    await db.prisma.agentToken.updateMany({ where: { rigId: rig.rigId }, data: { revokedAt: new Date() } });
    // Before the next sweep the cached answer stands (that is the price of no query per request)...
    clock += 1_000;
    expect(await cache.authenticate(db.pool, rig.rigToken)).toMatchObject({ rigId: rig.rigId });
    // ...after it, the revoked token is refused, though its cache entry had ten minutes left.
    clock += 5_000;
    const refused = await cache.authenticate(db.pool, rig.rigToken).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("UNAUTHORIZED");
  });

  it("does not cache refusals: a token enrolled after a failed attempt works at once", async () => {
    const cache = new RigTokenCache();
    await expect(cache.authenticate(db.pool, "rsa_unknown")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const rig = await seedEnrolledRig(db);
    expect(await cache.authenticate(db.pool, rig.rigToken)).toMatchObject({ rigId: rig.rigId });
  });
});
