/**
 * Settings' account functions: what the reader sees about their account, and the password change
 * through @convex-dev/auth's account helpers (the Password provider's real hashing).
 */
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { hashPassword, passwordIs } from "../support/passwordHash";
import { newBackend, type TestConvex } from "../support/users";

const EMAIL = "reader@example.com";

/** A reader who signed up with a password, as the Password provider stores them. */
async function passwordReader(t: TestConvex, password: string) {
  const secret = await hashPassword(password);
  const { userId, sessionId } = await t.run(async (ctx) => {
    const userId = await ctx.db.insert("users", { email: EMAIL });
    await ctx.db.insert("authAccounts", { userId, provider: "password", providerAccountId: EMAIL, secret });
    const sessionId = await ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 });
    return { userId, sessionId };
  });
  return { userId, as: t.withIdentity({ subject: `${userId}|${sessionId}` }), sessionId };
}

async function passwordMatches(t: TestConvex, userId: Id<"users">, password: string) {
  const account = await t.run((ctx) =>
    ctx.db
      .query("authAccounts")
      .withIndex("userIdAndProvider", (q) => q.eq("userId", userId).eq("provider", "password"))
      .unique(),
  );
  return await passwordIs(password, account!.secret!);
}

describe("account.me", () => {
  test("a password reader sees their email and can change the password", async () => {
    const t = newBackend();
    const { as } = await passwordReader(t, "old password 1");
    expect(await as.query(api.account.me, {})).toEqual({ email: EMAIL, guest: false, hasPassword: true });
  });

  test("a guest sees that they are one, with nothing to change", async () => {
    const t = newBackend();
    const userId = await t.run((ctx) => ctx.db.insert("users", { isAnonymous: true }));
    const sessionId = await t.run((ctx) => ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 }));
    const as = t.withIdentity({ subject: `${userId}|${sessionId}` });
    expect(await as.query(api.account.me, {})).toEqual({ guest: true, hasPassword: false });
    await expect(
      as.action(api.account.changePassword, { currentPassword: "x", newPassword: "long enough" }),
    ).rejects.toMatchObject({
      data: { code: "no_password" },
    });
  });

  test("needs a signed-in reader", async () => {
    const t = newBackend();
    await expect(t.query(api.account.me, {})).rejects.toMatchObject({ data: { code: "unauthenticated" } });
  });
});

describe("account.changePassword", () => {
  test("checks the current password, stores the new one, and signs out the other sessions", async () => {
    const t = newBackend();
    const { userId, as, sessionId } = await passwordReader(t, "old password 1");
    const other = await t.run((ctx) => ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 }));

    await as.action(api.account.changePassword, { currentPassword: "old password 1", newPassword: "new password 2" });
    expect(await passwordMatches(t, userId, "new password 2")).toBe(true);
    expect(await passwordMatches(t, userId, "old password 1")).toBe(false);
    const sessions = await t.run((ctx) => ctx.db.query("authSessions").collect());
    expect(sessions.map((s) => s._id)).toContain(sessionId);
    expect(sessions.map((s) => s._id)).not.toContain(other);
  });

  test("a wrong current password changes nothing and says which field, without the email", async () => {
    const t = newBackend();
    const { userId, as } = await passwordReader(t, "old password 1");
    const error = await as
      .action(api.account.changePassword, { currentPassword: "wrong", newPassword: "new password 2" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ data: { code: "invalid_argument", field: "currentPassword" } });
    expect(JSON.stringify((error as { data: unknown }).data)).not.toContain(EMAIL);
    expect(await passwordMatches(t, userId, "old password 1")).toBe(true);
  });

  test.each([
    ["short", "Use at least 8 characters"],
    ["old password 1", "The new password is the same as the current one"],
  ])("refuses the new password %j", async (newPassword, message) => {
    const t = newBackend();
    const { userId, as } = await passwordReader(t, "old password 1");
    await expect(as.action(api.account.changePassword, { currentPassword: "old password 1", newPassword })).rejects.toMatchObject(
      {
        data: { code: "invalid_argument", field: "newPassword", message },
      },
    );
    expect(await passwordMatches(t, userId, "old password 1")).toBe(true);
  });
});
