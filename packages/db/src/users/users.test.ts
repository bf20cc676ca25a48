import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { TActor } from "../audit/record-audit";
import { signIn } from "../auth/sessions";
import { testDatabase, truncateAll } from "../testing";
import { createUser } from "./create-user";
import { listUsers } from "./list-users";
import { updateUser } from "./update-user";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const actor: TActor = { userId: null, label: "admin@example.com" };
const make = (email: string, role: "ADMIN" | "OPERATOR" | "VIEWER") => createUser({ db, actor, email, name: email, role, password: "a long enough password", now: new Date() });

describe("users", () => {
  it("creates a user (email normalised, never twice) and lists without password hashes", async () => {
    await make("Ops@Example.com", "OPERATOR");
    await expect(make("ops@example.com", "VIEWER")).rejects.toMatchObject({ issues: [{ path: "email" }] });
    const users = await listUsers({ db });
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: "ops@example.com", role: "OPERATOR", disabledAt: null });
    expect(JSON.stringify(users)).not.toContain("scrypt");
    expect(await db.prisma.auditLog.count({ where: { action: "user.create" } })).toBe(1);
  });

  it("changes a role, and disabling ends the user's sessions", async () => {
    await make("admin@example.com", "ADMIN");
    const op = await make("op@example.com", "OPERATOR");
    await signIn({ db: db.prisma, email: "op@example.com", password: "a long enough password", now: new Date() });
    expect((await updateUser({ db, actor, userId: op.id, role: "VIEWER", now: new Date() })).role).toBe("VIEWER");
    await updateUser({ db, actor, userId: op.id, disabled: true, now: new Date() });
    expect(await db.prisma.session.count({ where: { userId: op.id } })).toBe(0);
    await expect(signIn({ db: db.prisma, email: "op@example.com", password: "a long enough password", now: new Date() })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await updateUser({ db, actor, userId: op.id, disabled: false, now: new Date() })).disabledAt).toBeNull();
  });

  it("never demotes or disables the last enabled admin", async () => {
    const admin = await make("admin@example.com", "ADMIN");
    await expect(updateUser({ db, actor, userId: admin.id, role: "OPERATOR", now: new Date() })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(updateUser({ db, actor, userId: admin.id, disabled: true, now: new Date() })).rejects.toMatchObject({ code: "CONFLICT" });
    await make("second@example.com", "ADMIN");
    expect((await updateUser({ db, actor, userId: admin.id, role: "OPERATOR", now: new Date() })).role).toBe("OPERATOR");
  });
});
