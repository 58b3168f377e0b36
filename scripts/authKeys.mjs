// Convex Auth signing keys for a development deployment (pure: no I/O, no CLI calls).
//
// @convex-dev/auth signs session JWTs with JWT_PRIVATE_KEY (RS256, PKCS#8 PEM) and
// publishes JWKS at /.well-known/jwks.json; SITE_URL is where the web app runs.
// The PEM is stored on one line (newlines replaced by spaces), as Convex Auth's
// manual set-up does, because environment variable values are single-line.
// node:crypto produces exactly what jose's exportPKCS8 / exportJWK would.
import { Buffer } from "node:buffer";
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";

export const AUTH_ENV_NAMES = /** @type {const} */ (["JWT_PRIVATE_KEY", "JWKS", "SITE_URL"]);
export const DEFAULT_SITE_URL = "http://localhost:3000";

/** JWKS JSON for a public key object: `{"keys":[{"use":"sig",...publicJwk}]}`. */
function jwksFor(publicKey) {
  return JSON.stringify({ keys: [{ use: "sig", ...publicKey.export({ format: "jwk" }) }] });
}

/** A fresh RS256 key pair: `{ JWT_PRIVATE_KEY, JWKS }`. */
export function generateAuthKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = /** @type {string} */ (privateKey.export({ type: "pkcs8", format: "pem" }));
  return { JWT_PRIVATE_KEY: pem.trimEnd().replace(/\n/g, " "), JWKS: jwksFor(publicKey) };
}

/** The JWKS matching an existing JWT_PRIVATE_KEY (one-line or multi-line PEM). */
export function jwksFromPrivateKey(jwtPrivateKey) {
  const body = jwtPrivateKey.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  const privateKey = createPrivateKey({ key: Buffer.from(body, "base64"), format: "der", type: "pkcs8" });
  return jwksFor(createPublicKey(privateKey));
}

/**
 * What to set on the deployment, given what `convex env get` returned for each
 * name (`undefined` or "" when missing). Never replaces a value that is set,
 * except JWKS when JWT_PRIVATE_KEY is missing (a new private key needs its JWKS).
 * @param {Partial<Record<"JWT_PRIVATE_KEY" | "JWKS" | "SITE_URL", string | undefined>>} existing
 * @param {{ siteUrl?: string, generate?: typeof generateAuthKeys }} [options]
 * @returns {{ set: Record<string, string>, notes: string[] }}
 */
export function planAuthEnv(existing, { siteUrl = DEFAULT_SITE_URL, generate = generateAuthKeys } = {}) {
  const has = (name) => typeof existing[name] === "string" && existing[name].trim() !== "";
  /** @type {Record<string, string>} */
  const set = {};
  const notes = [];
  if (!has("JWT_PRIVATE_KEY")) {
    const keys = generate();
    set.JWT_PRIVATE_KEY = keys.JWT_PRIVATE_KEY;
    set.JWKS = keys.JWKS;
    if (has("JWKS"))
      notes.push("JWKS was replaced because JWT_PRIVATE_KEY was missing (sessions signed before are no longer valid).");
  } else if (!has("JWKS")) {
    set.JWKS = jwksFromPrivateKey(/** @type {string} */ (existing.JWT_PRIVATE_KEY));
  }
  if (!has("SITE_URL")) set.SITE_URL = siteUrl;
  return { set, notes };
}
