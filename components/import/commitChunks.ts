/**
 * Sends an import to `api.imports.commit` chunk by chunk, in order, one at a time. Framework-free
 * so the retry logic can be tested without a server.
 *
 * The server records every row under (clientImportId, line), so re-sending a chunk after an error
 * writes nothing twice: a failed chunk is retried with back-off, and after the last retry the run
 * stops and can be resumed from that chunk with the same clientImportId.
 */
import { ConvexError } from "convex/values";
import { utf8ByteLength } from "@/lib/import/limits";

/** Rows per `imports.commit` call (the server accepts at most 250). */
export const COMMIT_CHUNK_SIZE = 250;
/** Waits before the 1st, 2nd and 3rd retry of a failed chunk. */
export const RETRY_DELAYS_MS: readonly number[] = [500, 1500, 4000];

export interface ChunkOutcome<Id, BookId = Id> {
  importId: Id;
  created: number;
  merged: number;
  skipped: number;
  failed: { line: number; reason: string }[];
  /** Optional for callers that only count rows. */
  createdBookIds?: BookId[];
  mergedBookIds?: BookId[];
}

/**
 * Most UTF-8 bytes of rows per call. Reviews and notes make rows large (a 20,000-character review
 * is normal, 50,000 the bound): 250 such rows would pass Convex's argument and write limits, so a
 * chunk also ends when its rows reach this size.
 */
export const COMMIT_CHUNK_MAX_BYTES = 2 * 1024 * 1024;

/** Chunks of at most `size` rows and (beyond a single row) `maxBytes` of JSON, in order. */
export function chunkRows<T>(rows: readonly T[], size = COMMIT_CHUNK_SIZE, maxBytes = COMMIT_CHUNK_MAX_BYTES): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const rowBytes = utf8ByteLength(JSON.stringify(row));
    if (chunk.length > 0 && (chunk.length >= size || bytes + rowBytes > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += rowBytes;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * A `ConvexError` is the server refusing the chunk on purpose (a rule, not a hiccup): sending it
 * again gives the same answer. Anything else (a network error, an overloaded or restarted backend)
 * is worth another try.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ConvexError) return false;
  return !(typeof error === "object" && error !== null && (error as { name?: unknown }).name === "ConvexError");
}

export interface CommitChunksOptions<Row, Id, BookId = Id> {
  chunks: readonly (readonly Row[])[];
  /** Index of the first chunk to send (to resume after a failure). */
  startAt?: number;
  commitChunk: (rows: Row[]) => Promise<ChunkOutcome<Id, BookId>>;
  /** Called after each chunk is committed, with its index. */
  onChunk: (index: number, outcome: ChunkOutcome<Id, BookId>) => void;
  /** Called before each retry (attempt 2 is the first retry). */
  onRetry?: (index: number, attempt: number, error: unknown) => void;
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Checked between calls: when it returns true, nothing more is sent. */
  cancelled?: () => boolean;
}

export type CommitChunksResult =
  | { ok: true }
  | { ok: false; cancelled: true; failedChunk: number }
  | { ok: false; cancelled: false; failedChunk: number; error: unknown };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function commitChunks<Row, Id, BookId = Id>(
  options: CommitChunksOptions<Row, Id, BookId>,
): Promise<CommitChunksResult> {
  const { chunks, commitChunk, onChunk, onRetry, cancelled = () => false } = options;
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const sleep = options.sleep ?? defaultSleep;
  for (let index = options.startAt ?? 0; index < chunks.length; index++) {
    for (let attempt = 1; ; attempt++) {
      if (cancelled()) return { ok: false, cancelled: true, failedChunk: index };
      try {
        const outcome = await commitChunk([...chunks[index]]);
        onChunk(index, outcome);
        break;
      } catch (error) {
        const retriesLeft = attempt <= delays.length && isRetryable(error);
        if (!retriesLeft) return { ok: false, cancelled: false, failedChunk: index, error };
        onRetry?.(index, attempt + 1, error);
        await sleep(delays[attempt - 1]);
      }
    }
  }
  return { ok: true };
}
