import { convexTest } from "convex-test";
import type { Id } from "../../convex/_generated/dataModel";
import schema from "../../convex/schema";
import { modules } from "../convex/modules";

/** A fresh in-memory Convex backend with the real schema and functions. */
export function newBackend() {
  return convexTest(schema, modules);
}

export type TestConvex = ReturnType<typeof newBackend>;
export type SignedIn = ReturnType<TestConvex["withIdentity"]>;

/**
 * Creates a user row and returns a client acting as that user.
 * @convex-dev/auth reads the user id from the identity subject "<userId>|<sessionId>".
 */
export async function createUser(t: TestConvex, name = "Reader"): Promise<{ userId: Id<"users">; as: SignedIn }> {
  const userId = await t.run((ctx) => ctx.db.insert("users", { name }));
  const sessionId = await t.run((ctx) => ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 }));
  return { userId, as: t.withIdentity({ subject: `${userId}|${sessionId}`, name }) };
}
