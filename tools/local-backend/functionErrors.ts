/**
 * A thrown error as the client should see it: "Uncaught <Name>: <message>" like a Convex dev
 * deployment (the app maps Convex Auth's messages, e.g. "InvalidSecret", to readable text), plus
 * `errorData` for a ConvexError so `err.data` reaches the app.
 */
import { convexToJson, type Value } from "convex/values";
import type { FunctionFailure } from "./syncMessages";

export function toFunctionFailure(error: unknown): FunctionFailure {
  if (error instanceof Error) {
    const data = (error as { data?: unknown }).data;
    if (error.name === "ConvexError" && data !== undefined) {
      return { errorMessage: `Uncaught ConvexError: ${error.message}`, errorData: convexToJson(data as Value) };
    }
    return { errorMessage: `Uncaught ${error.name}: ${error.message}` };
  }
  return { errorMessage: `Uncaught ${String(error)}` };
}
