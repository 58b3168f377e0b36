/**
 * The signed-in reader's account, for Settings: `me` (email, guest, whether a password can be
 * changed) and `changePassword`. Thin wrappers: validators, auth, one call into convex/model/account.ts.
 */
import { v } from "convex/values";
import { action, internalQuery, query } from "./_generated/server";
import { changePassword as changeReaderPassword, getAccountSummary, passwordAccountId } from "./model/account";
import { requireUserId } from "./model/auth";

/** `{ email?, guest, hasPassword }` for the signed-in reader. */
export const me = query({
  args: {},
  returns: v.object({ email: v.optional(v.string()), guest: v.boolean(), hasPassword: v.boolean() }),
  handler: async (ctx) => await getAccountSummary(ctx, await requireUserId(ctx)),
});

/**
 * Changes the reader's password: `currentPassword` must be right (ConvexError `invalid_argument`,
 * field `currentPassword`), `newPassword` at least 8 characters and not the current one (field
 * `newPassword`). The reader's other sessions are signed out; this one stays.
 */
export const changePassword = action({
  args: { currentPassword: v.string(), newPassword: v.string() },
  returns: v.null(),
  handler: async (ctx, args): Promise<null> => {
    const userId = await requireUserId(ctx);
    await changeReaderPassword(ctx, userId, args);
    return null;
  },
});

/** The reader's password account id (their email), or null for a guest. */
export const passwordAccountOf = internalQuery({
  args: { userId: v.id("users") },
  returns: v.union(v.string(), v.null()),
  handler: async (ctx, { userId }) => await passwordAccountId(ctx, userId),
});
