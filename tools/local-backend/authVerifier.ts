/**
 * Verifies the JWTs clients authenticate with, like a Convex deployment configured by
 * convex/auth.config.ts: RS256, signed by a key of the app's JWKS (Convex Auth's JWKS
 * environment variable), issuer = a provider's `domain`, audience = its `applicationID`, not expired.
 */
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from "jose";
import type { Identity } from "./convexRuntime";

export interface AuthProviderConfig {
  domain?: string;
  applicationID?: string;
}

/** A token that does not authenticate; the message says why (never the token's contents). */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(`Could not verify the auth token: ${reason}`);
    this.name = "InvalidTokenError";
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "the token has expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `claim "${error.claim}" is not valid for this deployment`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the signature does not match the deployment's keys";
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the deployment signed it";
  if (error instanceof errors.JOSEAlgNotAllowed) return "only RS256 tokens are accepted";
  return "the token is malformed";
}

export function createAuthVerifier({ jwks, providers }: { jwks: string; providers: AuthProviderConfig[] }) {
  const keySet = createLocalJWKSet(JSON.parse(jwks) as JSONWebKeySet);
  const usable = providers.filter((p): p is Required<AuthProviderConfig> => Boolean(p.domain && p.applicationID));
  if (usable.length === 0) throw new Error("convex/auth.config.ts names no provider with a domain and an applicationID.");

  return async function verifyToken(token: string): Promise<Identity> {
    let lastError: unknown;
    for (const provider of usable) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          algorithms: ["RS256"],
          issuer: provider.domain,
          audience: provider.applicationID,
        });
        if (typeof payload.sub !== "string" || payload.sub === "") throw new InvalidTokenError("it has no subject");
        const issuer = payload.iss ?? provider.domain;
        return { subject: payload.sub, issuer, tokenIdentifier: `${issuer}|${payload.sub}` };
      } catch (error) {
        if (error instanceof InvalidTokenError) throw error;
        lastError = error;
      }
    }
    throw new InvalidTokenError(reasonOf(lastError));
  };
}
