/**
 * `POST /_dev/seed-library` (only with `devSeeding`): `Authorization: Bearer <the reader's JWT>`,
 * body `{ books, missingCovers? }`; fills that reader's library (devSeeding.ts) and answers
 * `{ inserted }`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Id } from "../../convex/_generated/dataModel";
import type { OpenCatalogue } from "../../scripts/bench/openCatalogue";
import type { ConvexRuntime, Identity } from "./convexRuntime";
import { seedLibrary, SeedRequestError, validateSeedRequest } from "./devSeeding";
import { readBody, sendJson } from "./httpUtil";

export async function handleSeedLibrary(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { runtime: ConvexRuntime; verifyToken: (token: string) => Promise<Identity>; coverSources: { open: OpenCatalogue } },
): Promise<void> {
  const authorization = req.headers.authorization;
  let identity: Identity;
  try {
    if (!authorization?.startsWith("Bearer ")) throw new Error("Sign in first: send the reader's token.");
    identity = await deps.verifyToken(authorization.slice("Bearer ".length));
  } catch (error) {
    sendJson(res, 401, { code: "Unauthenticated", message: error instanceof Error ? error.message : "Invalid token" });
    return;
  }
  let request: ReturnType<typeof validateSeedRequest>;
  try {
    request = validateSeedRequest(JSON.parse((await readBody(req, 4096)).toString("utf8")));
  } catch (error) {
    const message = error instanceof SeedRequestError ? error.message : "The body must be JSON: { books, missingCovers? }.";
    sendJson(res, 400, { code: "BadRequest", message });
    return;
  }
  // Convex Auth's subject is "<userId>|<sessionId>".
  const userId = identity.subject.split("|")[0] as Id<"users">;
  const inserted = await seedLibrary(deps.runtime, deps.coverSources.open, userId, request);
  sendJson(res, 200, { inserted });
}
