import { Password } from "@convex-dev/auth/providers/Password";

/** The Password provider's own hashing (the app's provider, as configured in convex/auth.ts). */
const crypto = (Password() as unknown as { options: { crypto: PasswordCrypto } }).options.crypto;

interface PasswordCrypto {
  hashSecret(password: string): Promise<string>;
  verifySecret(password: string, hash: string): Promise<boolean>;
}

/** A stored secret for `password`, as a sign-up with the Password provider would store it. */
export const hashPassword = (password: string) => crypto.hashSecret(password);
/** Whether a stored secret is `password`'s. */
export const passwordIs = (password: string, hash: string) => crypto.verifySecret(password, hash);
