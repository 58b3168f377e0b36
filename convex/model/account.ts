/**
 * The signed-in reader's account: what Settings shows (email, guest or not, whether a password can
 * be changed) and the password change, through @convex-dev/auth's own account helpers
 * (`retrieveAccount` checks the current password with the Password provider's hashing and its
 * failed-attempt limit; `modifyAccountCredentials` stores the new one). Errors are ConvexErrors
 * with a code and never contain the email address or a password.
 */
import { getAuthSessionId, invalidateSessions, modifyAccountCredentials, retrieveAccount } from "@convex-dev/auth/server";
import { ConvexError } from "convex/values";
import { newPasswordProblem } from "../../lib/account/passwordRules";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { ActionCtx, QueryCtx } from "../_generated/server";

export const PASSWORD_PROVIDER = "password";

export interface AccountSummary {
  /** The email the reader signs in with; absent for a guest. */
  email?: string;
  /** A guest (anonymous) session: nothing to sign in with again. */
  guest: boolean;
  /** The account signs in with a password, which Settings can change. */
  hasPassword: boolean;
}

/** The reader's password account id (their email), or null when they have none (a guest). */
export async function passwordAccountId(ctx: QueryCtx, userId: Id<"users">): Promise<string | null> {
  const account = await ctx.db
    .query("authAccounts")
    .withIndex("userIdAndProvider", (q) => q.eq("userId", userId).eq("provider", PASSWORD_PROVIDER))
    .unique();
  return account?.providerAccountId ?? null;
}

export async function getAccountSummary(ctx: QueryCtx, userId: Id<"users">): Promise<AccountSummary> {
  const user = await ctx.db.get("users", userId);
  const accountId = await passwordAccountId(ctx, userId);
  const email = user?.email ?? accountId ?? undefined;
  return { ...(email ? { email } : {}), guest: user?.isAnonymous === true, hasPassword: accountId !== null };
}

export type ChangePasswordError = { code: "invalid_argument"; field: "newPassword" | "currentPassword"; message: string };

function refuse(field: ChangePasswordError["field"], message: string): ConvexError<ChangePasswordError> {
  return new ConvexError({ code: "invalid_argument", field, message });
}

/**
 * Changes the reader's password after checking the current one, then signs out their other
 * sessions (this one stays signed in). A guest has no password to change.
 */
export async function changePassword(
  ctx: ActionCtx,
  userId: Id<"users">,
  args: { currentPassword: string; newPassword: string },
): Promise<void> {
  const accountId: string | null = await ctx.runQuery(internal.account.passwordAccountOf, { userId });
  if (accountId === null) {
    throw new ConvexError({ code: "no_password", message: "This account signs in without a password." });
  }
  const problem = newPasswordProblem(args.newPassword, args.currentPassword);
  if (problem) throw refuse("newPassword", problem);
  try {
    await retrieveAccount(ctx, { provider: PASSWORD_PROVIDER, account: { id: accountId, secret: args.currentPassword } });
  } catch (error) {
    // The helper's errors are codes ("InvalidSecret", "TooManyFailedAttempts"); never pass on its text.
    const tooMany = error instanceof Error && error.message.includes("TooManyFailedAttempts");
    throw refuse(
      "currentPassword",
      tooMany ? "Too many wrong attempts. Wait a while, then try again." : "That is not your current password",
    );
  }
  await modifyAccountCredentials(ctx, { provider: PASSWORD_PROVIDER, account: { id: accountId, secret: args.newPassword } });
  const sessionId = await getAuthSessionId(ctx);
  await invalidateSessions(ctx, { userId, except: sessionId ? [sessionId] : [] });
}
