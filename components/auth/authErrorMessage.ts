export type PasswordFlow = "signIn" | "signUp";

/**
 * A readable message for a failed sign-in. Convex Auth reports failures as plain server errors
 * whose text names the cause ("InvalidSecret", "Invalid password", "Account … already exists");
 * that raw text can contain the email, so it is mapped, never shown.
 */
export function authErrorMessage(err: unknown, flow: PasswordFlow | "anonymous"): string {
  const text = err instanceof Error ? err.message : typeof err === "string" ? err : "";
  if (/already exists/i.test(text)) return "An account with this email already exists. Sign in instead.";
  if (/TooManyFailedAttempts/i.test(text)) return "Too many attempts. Wait a few minutes and try again.";
  if (/Invalid password/i.test(text)) return "Use a password of at least 8 characters.";
  if (/InvalidAccountId|InvalidSecret|Invalid credentials/i.test(text)) {
    return flow === "signIn" ? "That email and password don't match an account." : "Could not create the account.";
  }
  if (/fetch|network|connection/i.test(text)) return "Can't reach the server. Check your connection and try again.";
  if (flow === "anonymous") return "Could not start a guest session. Please try again.";
  return flow === "signIn" ? "Could not sign you in. Please try again." : "Could not create your account. Please try again.";
}
