import { ConvexError } from "convex/values";

export const GENERIC_ERROR_MESSAGE = "Something went wrong. Please try again.";

function convexErrorData(err: unknown): unknown {
  if (err instanceof ConvexError) return err.data;
  // A ConvexError from another copy of the convex package still carries its name and data.
  if (typeof err === "object" && err !== null && (err as { name?: unknown }).name === "ConvexError" && "data" in err) {
    return (err as { data: unknown }).data;
  }
  return undefined;
}

/**
 * The message to show a reader for a failed call. Convex functions throw
 * `ConvexError({ code, message })`; anything else (a crash, a network failure) gets a generic
 * message, because raw error text is neither readable nor safe to show.
 */
export function errorMessage(err: unknown, fallback = GENERIC_ERROR_MESSAGE): string {
  const data = convexErrorData(err);
  if (typeof data === "string" && data !== "") return data;
  if (typeof data === "object" && data !== null) {
    const message = (data as { message?: unknown }).message;
    if (typeof message === "string" && message !== "") return message;
  }
  return fallback;
}

/** The `code` of a ConvexError (`"invalid_argument"`, `"not_found"`, …), if any. */
export function errorCode(err: unknown): string | undefined {
  const data = convexErrorData(err);
  const code = typeof data === "object" && data !== null ? (data as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/** The `field` a validation ConvexError points at (`"title"`, `"isbn"`, `"cover"`, …), if any. */
export function errorField(err: unknown): string | undefined {
  const data = convexErrorData(err);
  const field = typeof data === "object" && data !== null ? (data as { field?: unknown }).field : undefined;
  return typeof field === "string" ? field : undefined;
}
