/**
 * What a new password must be, for sign-up and for changing it in Settings (the Password
 * provider's own rule: at least 8 characters). Messages never quote the password.
 */
export const MIN_PASSWORD_LENGTH = 8;
/** Longer than any passphrase, short enough that hashing it costs nothing unusual. */
export const MAX_PASSWORD_LENGTH = 256;

export const PASSWORD_MESSAGES = {
  tooShort: `Use at least ${MIN_PASSWORD_LENGTH} characters`,
  tooLong: `Use at most ${MAX_PASSWORD_LENGTH} characters`,
  same: "The new password is the same as the current one",
} as const;

/** Null when `password` may be a new password, else why not. */
export function newPasswordProblem(password: string, current?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return PASSWORD_MESSAGES.tooShort;
  if (password.length > MAX_PASSWORD_LENGTH) return PASSWORD_MESSAGES.tooLong;
  if (current !== undefined && password === current) return PASSWORD_MESSAGES.same;
  return null;
}
