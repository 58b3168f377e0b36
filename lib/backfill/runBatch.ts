/**
 * One backfill batch: look up covers for a list of books, in order, within a time budget, and
 * hand each result to a writer. Framework-free: the Convex action wires in the real lookup and
 * the transactional write; tests and the benchmark wire in their own.
 */

export type CoverReason = "no_metadata" | "not_found" | "timeout" | "rate_limited" | "upstream_error";
export type CoverSource = "open-library" | "google-books";

export type LookupResult =
  | { apiCoverUrl: string; apiSource: CoverSource }
  | { reason: CoverReason; retryAfterMs?: number };

export interface BookToLookUp<Id extends string = string> {
  id: Id;
  title?: string;
  author?: string;
  isbn?: string;
}

/** What the transactional write did: stored the cover, found the book already covered (or gone), or recorded a failed attempt. */
export type WriteOutcome = "updated" | "skipped" | "failure_recorded";

export interface BatchDeps<Id extends string> {
  now(): number;
  /** Resolves many ISBNs at once (one request); books it answers with a cover skip the per-book search. */
  prefetchByIsbn?(isbns: string[]): Promise<Map<string, LookupResult>>;
  search(book: BookToLookUp<Id>, hint: { isbnAlreadyChecked: boolean }): Promise<LookupResult>;
  /** Waits for a slot before each per-book search, so concurrent lookups keep to the sources' rate. */
  paceLookup?(): Promise<void>;
  write(bookId: Id, result: LookupResult): Promise<WriteOutcome>;
}

export interface BatchOptions {
  /** Stop starting lookups once this much time has passed since the batch started. */
  budgetMs: number;
  /** Lookups in flight at once (the sources' rate limiters still bound the request rate). */
  concurrency?: number;
}

export interface BatchOutcome<Id extends string> {
  processed: number;
  updated: number;
  failures: { bookId: Id; reason: Exclude<CoverReason, "rate_limited"> }[];
  reasons: Partial<Record<CoverReason, number>>;
  /** How many books from the start of the list were finished (processed) without a gap. */
  finishedPrefix: number;
  /** Every finished book, in list order (with concurrency there may be gaps before the last one). */
  finishedIds: Id[];
  stoppedBy?: "budget" | "rate_limited";
  retryAfterMs?: number;
}

export const DEFAULT_BATCH_BUDGET_MS = 12_000;

function isFound(r: LookupResult): r is { apiCoverUrl: string; apiSource: CoverSource } {
  return "apiCoverUrl" in r;
}

export async function runBackfillBatch<Id extends string>(
  books: BookToLookUp<Id>[],
  deps: BatchDeps<Id>,
  options: BatchOptions,
): Promise<BatchOutcome<Id>> {
  const startedAt = deps.now();
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const done: boolean[] = books.map(() => false);
  const outcome: BatchOutcome<Id> = {
    processed: 0,
    updated: 0,
    failures: [],
    reasons: {},
    finishedPrefix: 0,
    finishedIds: [],
  };

  // The ISBN prefetch runs while books without an ISBN are already being searched; a book with an
  // ISBN waits for it.
  const isbns = [...new Set(books.map((b) => b.isbn).filter((i): i is string => !!i))];
  const prefetch: Promise<Map<string, LookupResult>> =
    deps.prefetchByIsbn && isbns.length > 0
      ? deps.prefetchByIsbn(isbns).then(
          (map) => {
            const limited = [...map.values()].find((r) => !isFound(r) && r.reason === "rate_limited");
            if (limited && !isFound(limited)) stopForRateLimit(limited.retryAfterMs);
            return map;
          },
          () => new Map<string, LookupResult>(),
        )
      : Promise.resolve(new Map());

  // A function, not an inline test: other workers change `stoppedBy` while this one awaits.
  const rateLimited = () => outcome.stoppedBy === "rate_limited";

  function stopForRateLimit(retryAfterMs: number | undefined) {
    if (!outcome.stoppedBy || outcome.stoppedBy === "budget") outcome.stoppedBy = "rate_limited";
    outcome.retryAfterMs = Math.max(outcome.retryAfterMs ?? 0, retryAfterMs ?? 0) || undefined;
  }

  let next = 0;
  const takeNext = (): number | undefined => {
    if (outcome.stoppedBy) return undefined;
    if (deps.now() - startedAt >= options.budgetMs) {
      if (next < books.length) outcome.stoppedBy = "budget";
      return undefined;
    }
    return next < books.length ? next++ : undefined;
  };

  const worker = async () => {
    for (let i = takeNext(); i !== undefined; i = takeNext()) {
      const book = books[i];
      const pre = book.isbn ? (await prefetch).get(book.isbn) : undefined;
      if (rateLimited()) break;
      let result: LookupResult;
      if (pre && isFound(pre)) {
        result = pre;
      } else {
        try {
          if (deps.paceLookup) await deps.paceLookup();
          if (rateLimited()) break;
          result = await deps.search(book, { isbnAlreadyChecked: pre !== undefined });
        } catch {
          result = { reason: "upstream_error" };
        }
      }
      if (!isFound(result) && result.reason === "rate_limited") {
        // The source asked us to slow down: stop starting lookups; this book is not a failure.
        stopForRateLimit(result.retryAfterMs);
        continue;
      }
      let written: WriteOutcome;
      try {
        written = await deps.write(book.id, result);
      } catch {
        written = "skipped";
      }
      done[i] = true;
      outcome.processed++;
      if (written === "updated") outcome.updated++;
      if (!isFound(result) && written === "failure_recorded") {
        outcome.reasons[result.reason] = (outcome.reasons[result.reason] ?? 0) + 1;
        outcome.failures.push({ bookId: book.id, reason: result.reason as Exclude<CoverReason, "rate_limited"> });
      }
    }
  };

  await Promise.all([prefetch, ...Array.from({ length: Math.min(concurrency, Math.max(books.length, 1)) }, worker)]);

  let prefix = 0;
  while (prefix < books.length && done[prefix]) prefix++;
  outcome.finishedPrefix = prefix;
  outcome.finishedIds = books.filter((_, i) => done[i]).map((b) => b.id);
  return outcome;
}
