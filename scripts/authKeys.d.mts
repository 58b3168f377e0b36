export declare const AUTH_ENV_NAMES: readonly ["JWT_PRIVATE_KEY", "JWKS", "SITE_URL"];
export declare const DEFAULT_SITE_URL: string;
export type AuthEnvName = (typeof AUTH_ENV_NAMES)[number];
export declare function generateAuthKeys(): { JWT_PRIVATE_KEY: string; JWKS: string };
export declare function jwksFromPrivateKey(jwtPrivateKey: string): string;
export declare function planAuthEnv(
  existing: Partial<Record<AuthEnvName, string | undefined>>,
  options?: { siteUrl?: string; generate?: typeof generateAuthKeys },
): { set: Partial<Record<AuthEnvName, string>>; notes: string[] };
