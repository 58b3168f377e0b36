/**
 * Convex Auth's environment for an offline backend at `origin`, generated at every start (data
 * lives in memory, so sessions never outlive the process): a fresh RS256 key pair
 * (scripts/authKeys.mjs, the same keys `npm run dev` sets on a real deployment), SITE_URL for the
 * web app, and the deployment URLs Convex sets itself (CONVEX_SITE_URL is the tokens' issuer).
 */
import { generateAuthKeys } from "../../scripts/authKeys.mjs";

export interface AuthEnvironment {
  JWT_PRIVATE_KEY: string;
  JWKS: string;
  SITE_URL: string;
  CONVEX_SITE_URL: string;
  CONVEX_CLOUD_URL: string;
}

export function prepareAuthEnvironment({ origin, siteUrl }: { origin: string; siteUrl: string }): AuthEnvironment {
  const keys = generateAuthKeys();
  const env: AuthEnvironment = { ...keys, SITE_URL: siteUrl, CONVEX_SITE_URL: origin, CONVEX_CLOUD_URL: origin };
  Object.assign(process.env, env);
  return env;
}
