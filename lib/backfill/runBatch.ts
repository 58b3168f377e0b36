/**
 * One backfill batch: look up covers for a list of books, in order, within a time budget, and
 * hand each result to a writer. Framework-free: the Convex action wires in the real lookup and
 * the transactional write; tests and the benchmark wire in their own.
 */

import { isRejectedCover } from "../cover/coverKeys";
import { errorClass } from "../cover/source";

/**
 * An exception inside the batch (a write conflict that outlasted Convex's retries, a bug) says
 * nothing about a book: the book is left as it was (no failure, no back-off) and the error is logged
 * by its class only (its message may quote a URL with book data).
 */
function logBatchError(where: string, e: unknown): void {
  console.warn(JSON.stringify({ event: "cover_batch_error", where, error: errorClass(e) }));
}

export type CoverReason = "no_metadata" | "not_found" | "timeout" | "rate_limited" | "upstream_error";
export type CoverSource = "open-library" | "google-books";

/**
 * One lookup's answer (see SearchCoverResult in lib/cover/types.ts). `rate_limited` and `not_sent`
 * say nothing about the book: never failures, never a back-off.
 */
export type LookupResult =
  | { apiCoverUrl: string; apiSource: CoverSource }
  | {
      reason: CoverReason | "not_sent";
      retryAfterMs?: number;
      pausedSources?: CoverSource[];
      allPaused?: boolean;
      /** From the ISBN prefetch: the Books API has an edition for this ISBN, only no cover (its work may have one). */
      isbnKnown?: boolean;
    };

export interface BookToLookUp<Id extends string = string> {
  id: Id;
  title?: string;
  author?: string;
  isbn?: string;
  /** An earlier prefetch already asked the Books API about this ISBN (and found no cover). */
  isbnChecked?: boolean;
  /** ... and the Books API knows the edition. */
  isbnKnown?: boolean;
  /** Source keys of covers this book must never get again: a prefetched one counts as no cover. */
  rejected?: readonly string[];
}

/** What the transactional write did: stored the cover, found the book already covered (or gone), or recorded a failed attempt. */
export type WriteOutcome = "updated" | "skipped" | "failure_recorded";

export interface BatchDeps<Id extends string> {
  now(): number;
  /** Resolves many ISBNs at once (one request); books it answers with a cover skip the per-book search. */
  prefetchByIsbn?(isbns: string[]): Promise<Map<string, LookupResult>>;
  search(book: BookToLookUp<Id>, hint: { isbnAlreadyChecked: boolean }): Promise<LookupResult>;
  /** Waits before each per-book search (callers whose requests take their own slots leave it out). */
  paceLookup?(): Promise<void>;
  /**
   * Claims the book for this batch (a short lease) right before its lookup; false when another run
   * holds it, and then this batch leaves it to that run.
   */
  claim?(bookId: Id): Promise<boolean>;
  write(bookId: Id, result: LookupResult): Promise<WriteOutcome>;
  /** Writes many results in one call (used for the covers the ISBN prefetch found); same outcomes as `write`. */
  writeMany?(items: { bookId: Id; result: LookupResult }[]): Promise<WriteOutcome[]>;
}

export interface BatchOptions {
  /** Stop starting lookups once this much time has passed since the batch started. */
  budgetMs: number;
  /** Lookups in flight at once (the sources' rate limiters still bound the request rate). */
  concurrency?: number;
  /** ISBNs per prefetch request (the Books API answers up to 50). Default 50. */
  prefetchChunk?: number;
  /**
   * Start searching only once the prefetch has answered (at most this long, ms). For large
   * batches whose source is shared: a prefetch request answers for up to 50 books, a search for
   * one, so the batch's share of the rate goes to the prefetch first. Default: search at once.
   */
  searchAfterPrefetchMs?: number;
}

export interface BatchOutcome<Id extends string> {
  processed: number;
  updated: number;
  failures: { bookId: Id; reason: Exclude<CoverReason, "rate_limited"> }[];
  reasons: Partial<Record<CoverReason, number>>;
  /**
   * How many books from the start of the list this batch is through with, without a gap: finished,
   * deferred (a source they needed is paused) or held by another run.
   */
  finishedPrefix: number;
  /** Every finished book, in list order (with concurrency there may be gaps before the last one). */
  finishedIds: Id[];
  /** Books whose ISBN this batch's prefetch answered (with or without a cover). */
  isbnAnswered: Id[];
  /** Of those without a cover: the ones whose edition the Books API knows (a title search is likelier to find them). */
  isbnKnown: Id[];
  /** Books looked up without an answer because a source they needed is paused (the others went on): try them later, no back-off. */
  deferred: Id[];
  /** Books another run was looking up (its lease): left to it. */
  heldElsewhere: Id[];
  stoppedBy?: "budget" | "rate_limited";
  /** The longest pause a source asked for during the batch (whether it stopped the batch or not). */
  retryAfterMs?: number;
  /** A source answered 429/503 (or was paused) during the batch. */
  sourcePaused?: boolean;
}

export const DEFAULT_BATCH_BUDGET_MS = 12_000;
/** Covers found by the ISBN prefetch are stored this many at a time. */
export const PREFETCH_WRITES_AT_ONCE = 50;

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
  /** Taken by a worker or by the prefetch writer: nobody else looks it up. */
  const claimed: boolean[] = books.map(() => false);
  const outcome: BatchOutcome<Id> = {
    processed: 0,
    updated: 0,
    failures: [],
    reasons: {},
    finishedPrefix: 0,
    finishedIds: [],
    isbnAnswered: [],
    isbnKnown: [],
    deferred: [],
    heldElsewhere: [],
  };
  /** Deferred or held elsewhere: this batch is through with it without having finished it. */
  const passed: boolean[] = books.map(() => false);

  // A function, not an inline test: other workers change `stoppedBy` while this one awaits.
  const rateLimited = () => outcome.stoppedBy === "rate_limited";

  function noteRetryAfter(retryAfterMs: number | undefined) {
    outcome.retryAfterMs = Math.max(outcome.retryAfterMs ?? 0, retryAfterMs ?? 0) || undefined;
    outcome.sourcePaused = true;
  }

  function stopForRateLimit(retryAfterMs: number | undefined) {
    if (!outcome.stoppedBy || outcome.stoppedBy === "budget") outcome.stoppedBy = "rate_limited";
    noteRetryAfter(retryAfterMs);
  }

  async function finish(i: number, result: LookupResult): Promise<void> {
    let written: WriteOutcome;
    try {
      written = await deps.write(books[i].id, result);
    } catch (e) {
      logBatchError("write", e);
      written = "skipped";
    }
    account(i, result, written);
  }

  function account(i: number, result: LookupResult, written: WriteOutcome): void {
    const book = books[i];
    done[i] = true;
    outcome.processed++;
    if (written === "updated") outcome.updated++;
    if (!isFound(result) && written === "failure_recorded" && result.reason !== "not_sent") {
      outcome.reasons[result.reason] = (outcome.reasons[result.reason] ?? 0) + 1;
      outcome.failures.push({ bookId: book.id, reason: result.reason as Exclude<CoverReason, "rate_limited"> });
    }
  }

  // The ISBN prefetch (one Books API request per chunk of the batch's ISBNs, all chunks at once:
  // each request still takes its own pacing slot) runs while books without an ISBN are already
  // being searched. The covers a chunk finds are written as soon as it answers, ahead of the
  // searches; a book it answered without a cover is searched without asking about its ISBN again,
  // and a book waits only for its own chunk.
  const toPrefetch = [...new Set(books.filter((b) => b.isbn && !b.isbnChecked).map((b) => b.isbn!))];
  const prefetchByIsbn = deps.prefetchByIsbn;
  const chunkSize = options.prefetchChunk ?? 50;
  const chunkOf = new Map<string, Promise<Map<string, LookupResult>>>();
  const isbnAnswered = new Set<number>();
  const byIsbn = new Map<string, number[]>();
  books.forEach((b, i) => {
    if (b.isbn && !b.isbnChecked) byIsbn.set(b.isbn, [...(byIsbn.get(b.isbn) ?? []), i]);
  });
  const chunks: Promise<Map<string, LookupResult>>[] = [];
  if (prefetchByIsbn) {
    for (let k = 0; k < toPrefetch.length; k += chunkSize) {
      const chunk = toPrefetch.slice(k, k + chunkSize);
      const answer = prefetchByIsbn(chunk)
        .catch((e: unknown) => {
          logBatchError("prefetch", e);
          return new Map<string, LookupResult>();
        })
        .then((map) => {
          const limited = [...map.values()].find((r) => !isFound(r) && r.reason === "rate_limited");
          if (limited && !isFound(limited)) stopForRateLimit(limited.retryAfterMs);
          return map;
        });
      chunks.push(answer);
      for (const isbn of chunk) chunkOf.set(isbn, answer);
    }
  }
  const noAnswer = Promise.resolve(new Map<string, LookupResult>());
  const answered = (i: number, map: Map<string, LookupResult>): LookupResult | undefined => {
    const book = books[i];
    if (!book.isbn || book.isbnChecked) return undefined;
    const r = map.get(book.isbn);
    // A cover the reader turned down is no cover: the book is searched (with its rejections) instead.
    if (r && isFound(r) && isRejectedCover(r.apiCoverUrl, book.rejected)) return { reason: "not_found" };
    return r && (isFound(r) || (r.reason !== "rate_limited" && r.reason !== "not_sent")) ? r : undefined;
  };
  /** Stores the covers one chunk found, PREFETCH_WRITES_AT_ONCE at a time (one write call each when the writer takes lists). */
  const writeChunk = async (map: Map<string, LookupResult>) => {
    const found: [number, LookupResult][] = [];
    const inChunk = [...map.keys()].flatMap((isbn) => byIsbn.get(isbn) ?? []).sort((a, b) => a - b);
    inChunk.forEach((i) => {
      const book = books[i];
      const r = answered(i, map);
      if (r && !isbnAnswered.has(i)) {
        isbnAnswered.add(i);
        outcome.isbnAnswered.push(book.id);
        if (!isFound(r) && r.isbnKnown) outcome.isbnKnown.push(book.id);
      }
      if (r && isFound(r) && !claimed[i]) {
        claimed[i] = true;
        found.push([i, r]);
      }
    });
    const writeMany = deps.writeMany;
    for (let k = 0; k < found.length; k += PREFETCH_WRITES_AT_ONCE) {
      const slice = found.slice(k, k + PREFETCH_WRITES_AT_ONCE);
      if (!writeMany) {
        await Promise.all(slice.map(([i, r]) => finish(i, r)));
        continue;
      }
      let written: WriteOutcome[];
      try {
        written = await writeMany(slice.map(([i, result]) => ({ bookId: books[i].id, result })));
      } catch (e) {
        logBatchError("write", e);
        written = slice.map(() => "skipped");
      }
      slice.forEach(([i, r], j) => account(i, r, written[j] ?? "skipped"));
    }
  };
  const writePrefetched = Promise.all(chunks.map((chunk) => chunk.then(writeChunk)));

  let next = 0;
  const takeNext = (): number | undefined => {
    while (next < books.length && claimed[next]) next++;
    if (outcome.stoppedBy) return undefined;
    if (deps.now() - startedAt >= options.budgetMs) {
      if (next < books.length) outcome.stoppedBy = "budget";
      return undefined;
    }
    if (next >= books.length) return undefined;
    claimed[next] = true;
    return next++;
  };

  // A slow request is hedged where it is sent (lib/cover/source.ts), through the same pacing.
  const search = (book: BookToLookUp<Id>, hint: { isbnAlreadyChecked: boolean }): Promise<LookupResult | "errored"> =>
    deps.search(book, hint).catch((e: unknown): LookupResult | "errored" => {
      logBatchError("lookup", e);
      return "errored";
    });

  /** Takes the book's lease; a book another run holds is left to it. */
  async function claimOrSkip(i: number): Promise<boolean> {
    let mine: boolean;
    try {
      mine = await deps.claim!(books[i].id);
    } catch (e) {
      logBatchError("claim", e);
      mine = false;
    }
    if (!mine) {
      passed[i] = true;
      outcome.heldElsewhere.push(books[i].id);
    }
    return mine;
  }

  const prefetchSettled: Promise<unknown> =
    options.searchAfterPrefetchMs !== undefined && chunks.length > 0
      ? Promise.race([
          Promise.all(chunks),
          new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, options.searchAfterPrefetchMs);
            void Promise.all(chunks).then(() => clearTimeout(timer));
          }),
        ])
      : Promise.resolve();

  const worker = async () => {
    await prefetchSettled;
    for (let i = takeNext(); i !== undefined; i = takeNext()) {
      const book = books[i];
      let pre: LookupResult | undefined;
      if (book.isbn && !book.isbnChecked) {
        pre = answered(i, await (chunkOf.get(book.isbn) ?? noAnswer));
        if (rateLimited()) break;
      }
      let result: LookupResult | "errored";
      if (pre && isFound(pre)) {
        result = pre;
      } else {
        if (deps.claim && !(await claimOrSkip(i))) continue;
        try {
          if (deps.paceLookup) await deps.paceLookup();
          if (rateLimited()) break;
          result = await search(book, { isbnAlreadyChecked: pre !== undefined || !!book.isbnChecked });
        } catch (e) {
          logBatchError("pacing", e);
          result = "errored";
        }
      }
      if (result === "errored") {
        // Nothing was learnt about the book: it is passed over (no failure, no back-off) and stays
        // for a later run, while the batch goes on with the others.
        passed[i] = true;
        outcome.deferred.push(book.id);
        continue;
      }
      if (!isFound(result) && result.reason === "rate_limited") {
        if (result.allPaused === false) {
          // One source is paused but the others answered: this book waits for that source (no
          // failure, no back-off) and the batch goes on with the rest.
          noteRetryAfter(result.retryAfterMs);
          passed[i] = true;
          outcome.deferred.push(book.id);
          continue;
        }
        // Every source it needs asked us to slow down: stop starting lookups; not a failure.
        stopForRateLimit(result.retryAfterMs);
        continue;
      }
      if (!isFound(result) && result.reason === "not_sent") {
        // Never sent (no slot before the deadline) or abandoned at the end of the budget: the
        // batch's time is up; the book is not a failure and stays for the next batch.
        outcome.stoppedBy ??= "budget";
        continue;
      }
      await finish(i, result);
    }
  };

  await Promise.all([writePrefetched, ...Array.from({ length: Math.min(concurrency, Math.max(books.length, 1)) }, worker)]);

  let prefix = 0;
  while (prefix < books.length && (done[prefix] || passed[prefix])) prefix++;
  outcome.finishedPrefix = prefix;
  outcome.finishedIds = books.filter((_, i) => done[i]).map((b) => b.id);
  return outcome;
}
