/**
 * The opaque `cursor` of fetchMissingCovers. It pins the run's horizon (books that failed after it
 * started are not retried by the same run) and the position after the last book the run finished.
 */

export type BackfillCursor =
  | {
      mode: "scan";
      /** Run start: only books whose retry time is at or before it are in this run. */
      horizon: number;
      /** Index position after which to continue: the last finished book's retry time (null = never tried) and creation time. */
      after?: { retryAt: number | null; creationTime: number };
    }
  | {
      mode: "ids";
      horizon: number;
      /** How many of the given bookIds were already handled. */
      offset: number;
    };

export class InvalidCursorError extends Error {
  constructor() {
    super("The cursor is not one returned by fetchMissingCovers.");
    this.name = "InvalidCursorError";
  }
}

export function encodeCursor(cursor: BackfillCursor): string {
  const compact =
    cursor.mode === "scan"
      ? { m: "s", h: cursor.horizon, ...(cursor.after ? { r: cursor.after.retryAt, c: cursor.after.creationTime } : {}) }
      : { m: "i", h: cursor.horizon, o: cursor.offset };
  return btoa(JSON.stringify(compact)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

export function decodeCursor(text: string): BackfillCursor {
  let raw: unknown;
  try {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    raw = JSON.parse(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof raw !== "object" || raw === null) throw new InvalidCursorError();
  const o = raw as Record<string, unknown>;
  if (!isFiniteNumber(o.h)) throw new InvalidCursorError();
  if (o.m === "s") {
    if (o.c === undefined && o.r === undefined) return { mode: "scan", horizon: o.h };
    if (!isFiniteNumber(o.c) || !(o.r === null || isFiniteNumber(o.r))) throw new InvalidCursorError();
    return { mode: "scan", horizon: o.h, after: { retryAt: o.r as number | null, creationTime: o.c } };
  }
  if (o.m === "i") {
    if (!isFiniteNumber(o.o) || o.o < 0 || !Number.isInteger(o.o)) throw new InvalidCursorError();
    return { mode: "ids", horizon: o.h, offset: o.o };
  }
  throw new InvalidCursorError();
}
