// The offline backend's JWT check: what convex/auth.config.ts and the deployment's JWKS accept.
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { createAuthVerifier, InvalidTokenError } from "../../tools/local-backend/authVerifier";

const ISSUER = "http://127.0.0.1:3210";

let privateKey: CryptoKey;
let verify: ReturnType<typeof createAuthVerifier>;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  const jwks = JSON.stringify({ keys: [{ use: "sig", ...(await exportJWK(pair.publicKey)) }] });
  verify = createAuthVerifier({ jwks, providers: [{ domain: ISSUER, applicationID: "convex" }] });
});

function token(claims: { iss?: string; aud?: string; exp?: number | string; sub?: string } = {}, key: CryptoKey = privateKey) {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? "convex")
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? "1h");
  if (claims.sub !== "") jwt.setSubject(claims.sub ?? "user1|session1");
  return jwt.sign(key);
}

describe("createAuthVerifier", () => {
  it("accepts a token signed by the deployment's key for its issuer and audience", async () => {
    expect(await verify(await token())).toEqual({
      subject: "user1|session1",
      issuer: ISSUER,
      tokenIdentifier: `${ISSUER}|user1|session1`,
    });
  });

  it.each([
    ["another issuer", { iss: "https://elsewhere.example" }, /claim "iss"/],
    ["another audience", { aud: "not-convex" }, /claim "aud"/],
    ["an expired token", { exp: Math.floor(Date.now() / 1000) - 60 }, /expired/],
    ["no subject", { sub: "" }, /no subject/],
  ])("rejects %s", async (_why, claims, reason) => {
    const rejected = verify(await token(claims));
    await expect(rejected).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(rejected).rejects.toThrow(reason);
  });

  it("rejects a token signed by another key, and one that is not a JWT", async () => {
    const other = await generateKeyPair("RS256");
    await expect(verify(await token({}, other.privateKey))).rejects.toThrow(/deployment's keys/);
    await expect(verify("not.a.jwt")).rejects.toThrow(/malformed/);
  });

  it("refuses a config without a usable provider", () => {
    expect(() => createAuthVerifier({ jwks: '{"keys":[]}', providers: [{ applicationID: "convex" }] })).toThrow(/no provider/);
  });
});
