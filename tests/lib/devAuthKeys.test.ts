// The dev script's Convex Auth keys must work the way @convex-dev/auth uses them:
// importPKCS8(JWT_PRIVATE_KEY, "RS256") signs, JWKS (served at /.well-known/jwks.json) verifies.
import { SignJWT, createLocalJWKSet, importPKCS8, jwtVerify } from "jose";
import { generateAuthKeys, jwksFromPrivateKey, planAuthEnv } from "../../scripts/authKeys.mjs";

async function signWith(privateKey: string) {
  const key = await importPKCS8(privateKey, "RS256");
  return await new SignJWT({ sub: "user|session" })
    .setProtectedHeader({ alg: "RS256" })
    .setIssuedAt()
    .setIssuer("http://127.0.0.1:3211")
    .setAudience("convex")
    .setExpirationTime("1h")
    .sign(key);
}

describe("dev auth keys", () => {
  it("stores the private key as one-line PKCS#8 and the JWKS as a signing key set", () => {
    const { JWT_PRIVATE_KEY, JWKS } = generateAuthKeys();

    expect(JWT_PRIVATE_KEY).not.toContain("\n");
    expect(JWT_PRIVATE_KEY).toMatch(/^-----BEGIN PRIVATE KEY----- \S.* -----END PRIVATE KEY-----$/);
    const jwks = JSON.parse(JWKS) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ use: "sig", kty: "RSA", e: "AQAB" });
    expect(jwks.keys[0].n).toEqual(expect.any(String));
    expect(jwks.keys[0]).not.toHaveProperty("d"); // public part only
  });

  it("signs a JWT with the private key that verifies against the JWKS", async () => {
    const { JWT_PRIVATE_KEY, JWKS } = generateAuthKeys();
    const token = await signWith(JWT_PRIVATE_KEY);

    const { payload } = await jwtVerify(token, createLocalJWKSet(JSON.parse(JWKS)), {
      issuer: "http://127.0.0.1:3211",
      audience: "convex",
    });
    expect(payload.sub).toBe("user|session");
  });

  it("rejects a JWT signed by another key pair", async () => {
    const mine = generateAuthKeys();
    const other = generateAuthKeys();
    const token = await signWith(other.JWT_PRIVATE_KEY);

    await expect(jwtVerify(token, createLocalJWKSet(JSON.parse(mine.JWKS)))).rejects.toThrow();
  });

  it("derives the same JWKS from an existing private key", () => {
    const { JWT_PRIVATE_KEY, JWKS } = generateAuthKeys();
    expect(JSON.parse(jwksFromPrivateKey(JWT_PRIVATE_KEY))).toEqual(JSON.parse(JWKS));
    const inner = /^-----BEGIN PRIVATE KEY----- (.*) -----END PRIVATE KEY-----$/.exec(JWT_PRIVATE_KEY)![1];
    const multiLinePem = `-----BEGIN PRIVATE KEY-----\n${inner.replace(/ /g, "\n")}\n-----END PRIVATE KEY-----\n`;
    expect(JSON.parse(jwksFromPrivateKey(multiLinePem))).toEqual(JSON.parse(JWKS));
  });
});

describe("planAuthEnv (what npm run dev sets)", () => {
  const fixed = { JWT_PRIVATE_KEY: "-----BEGIN PRIVATE KEY----- new -----END PRIVATE KEY-----", JWKS: '{"keys":[]}' };
  const generate = () => fixed;

  it("sets everything on a fresh deployment", () => {
    expect(planAuthEnv({}, { generate })).toEqual({
      set: { ...fixed, SITE_URL: "http://localhost:3000" },
      notes: [],
    });
  });

  it("sets nothing when everything is there", () => {
    const plan = planAuthEnv({ JWT_PRIVATE_KEY: "k", JWKS: "j", SITE_URL: "http://localhost:3000" }, { generate });
    expect(plan).toEqual({ set: {}, notes: [] });
  });

  it("keeps an existing key and only adds what is missing", () => {
    const existing = generateAuthKeys();
    const plan = planAuthEnv({ JWT_PRIVATE_KEY: existing.JWT_PRIVATE_KEY, SITE_URL: "https://folio.example" });
    expect(plan.set).toEqual({ JWKS: existing.JWKS });
  });

  it("replaces an orphaned JWKS when the private key is missing, and says so", () => {
    const plan = planAuthEnv({ JWKS: '{"keys":[{"old":1}]}', SITE_URL: "x" }, { generate });
    expect(plan.set).toEqual(fixed);
    expect(plan.notes).toHaveLength(1);
  });

  it("treats an empty value as missing", () => {
    expect(planAuthEnv({ JWT_PRIVATE_KEY: "k", JWKS: "j", SITE_URL: "  " }, { generate }).set).toEqual({
      SITE_URL: "http://localhost:3000",
    });
  });
});
