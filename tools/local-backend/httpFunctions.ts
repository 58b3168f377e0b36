/**
 * `POST /api/query`, `/api/mutation`, `/api/action`: the HTTP API that `ConvexHttpClient` uses
 * (Convex Auth refreshes tokens through it, e.g. on every page load). Body
 * `{ path, args: [convexJson], format }`, optional `Authorization: Bearer <jwt>`; answers
 * `{ status: "success", value }` (200) or `{ status: "error", errorMessage, errorData? }` (560).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { ConvexRuntime, FunctionKind, Identity } from "./convexRuntime";
import { toFunctionFailure } from "./functionErrors";
import { readBody, sendJson } from "./httpUtil";

const STATUS_FUNCTION_FAILED = 560;
const MAX_ARGS_BYTES = 16 * 1024 * 1024;

export async function handleFunctionCall(
  kind: FunctionKind,
  req: IncomingMessage,
  res: ServerResponse,
  deps: { runtime: ConvexRuntime; verifyToken: (token: string) => Promise<Identity> },
): Promise<void> {
  let body: { path?: unknown; args?: unknown };
  try {
    body = JSON.parse((await readBody(req, MAX_ARGS_BYTES)).toString("utf8")) as typeof body;
  } catch {
    sendJson(res, 400, { code: "BadJsonBody", message: "The request body is not JSON." });
    return;
  }
  if (typeof body.path !== "string" || !Array.isArray(body.args)) {
    sendJson(res, 400, { code: "BadRequest", message: "Expected { path: string, args: [object] }." });
    return;
  }
  let identity: Identity | null = null;
  const authorization = req.headers.authorization;
  if (authorization?.startsWith("Bearer ")) {
    try {
      identity = await deps.verifyToken(authorization.slice("Bearer ".length));
    } catch (error) {
      sendJson(res, 401, { code: "Unauthenticated", message: error instanceof Error ? error.message : "Invalid token" });
      return;
    }
  }
  try {
    const args = (jsonToConvex((body.args[0] ?? {}) as JSONValue) ?? {}) as Record<string, Value>;
    const value = await deps.runtime.call(kind, body.path.replace(/\.js:/, ":"), args, identity);
    sendJson(res, 200, { status: "success", value: convexToJson(value), logLines: [] });
  } catch (error) {
    sendJson(res, STATUS_FUNCTION_FAILED, { status: "error", ...toFunctionFailure(error), logLines: [] });
  }
}
