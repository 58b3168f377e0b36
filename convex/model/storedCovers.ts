/**
 * Stored covers: the deployment's one copy of each source cover a book uses (issue 17).
 *
 * - **One copy per source cover.** `storedCovers` has one document per source key (`ol:<cover id>`),
 *   nothing about readers. Books point at it by `foundCoverKey`/`chosenCoverKey`, which bookWrites
 *   derives from `apiCoverUrl`/`coverUrl` and hands to {@link followCoverKeys} with every write: a
 *   key a book starts using gets a `pending` document and wakes the fetcher; a key no book uses any
 *   more is swept at once (its file deleted), in the same transaction, so "Delete all my books" and
 *   book deletion leave no copy that only those books used, and another reader's use keeps it.
 * - **Fetched once, paced.** One fetcher chain (`coverCopyFetcher`) takes up to
 *   {@link COPY_STEP_MAX} due documents per step, reserves their requests from the image host's own
 *   pacing (the adapter's `imagePacing`, lib/cover/pacing.ts rules, `coverImagePacing` documents),
 *   fetches and checks them (`checkCoverImage`) in the action, stores accepted bytes in Convex
 *   storage, and writes the outcomes in one mutation.
 * - **Refused means the server saw it.** 404/410 or bytes that are not a cover refuse the source
 *   cover (`refused`, kept as a fact, never stored); the books that used it lose it (it joins their
 *   `rejectedCovers`, so no path brings it back) and are looked up again. A timeout, 429, 5xx,
 *   403 or network failure refuses nothing: it backs off and tries again (a 429 pauses the host).
 * - Sources whose terms forbid copies (Google Books) get no copy: a document exists only to remember
 *   a refusal.
 */
import { emptyPacing, grantSlots, type PacingState, type SlotPriority } from "../../lib/cover/pacing";
import { nextSourcePause } from "../../lib/cover/rateLimiter";
import { coverSourceById } from "../../lib/cover/sources";
import type { CoverSource } from "../../lib/cover/types";
import { coverRefOf, nextCopyAttemptAt, type CoverRef } from "../../lib/coverImage";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

/** Covers a fetch step takes at most. */
export const COPY_STEP_MAX = 40;
/** A step reserves image requests at most this far ahead. */
export const COPY_STEP_HORIZON_MS = 9_000;
/** A claimed document is due again after this, should its step never report. */
export const COPY_CLAIM_MS = 60_000;
/** A fetcher step that has not reported for this long has stopped: the next wake starts a new chain. */
export const FETCHER_STALL_MS = 2 * 60_000;
/** Books one mutation takes a refused cover off (more continue in a scheduled call). */
export const REFUSED_BOOKS_PER_CALL = 50;
/** The pacing key of the copy fetcher's bulk requests (one run for the whole deployment). */
const COPY_RUN_KEY = "stored-copies";

type CoverFields = Pick<Doc<"books">, "coverUrl" | "coverStorageId" | "apiCoverUrl">;

/* ------------------------------------------------------------------ keys on books */

/** The source covers a book's fields use: the found cover and a chosen (not uploaded) one. */
export function coverRefsOf(book: CoverFields | null): { found: CoverRef | null; chosen: CoverRef | null } {
  if (book === null) return { found: null, chosen: null };
  return {
    found: coverRefOf(book.apiCoverUrl),
    chosen: book.coverStorageId !== undefined ? null : coverRefOf(book.coverUrl),
  };
}

/** `foundCoverKey`/`chosenCoverKey` as a book with these fields must carry them (derived, like listing keys). */
export function coverKeyFields(book: CoverFields): { foundCoverKey: string | undefined; chosenCoverKey: string | undefined } {
  const { found, chosen } = coverRefsOf(book);
  return { foundCoverKey: found?.key, chosenCoverKey: chosen?.key };
}

export async function storedCoverByKey(ctx: QueryCtx, key: string): Promise<Doc<"storedCovers"> | null> {
  return await ctx.db
    .query("storedCovers")
    .withIndex("by_key", (q) => q.eq("key", key))
    .unique();
}

type CoverKeys = Pick<Doc<"books">, "foundCoverKey" | "chosenCoverKey">;

/**
 * A book's cover keys change from `before` (the keys it carried; null: inserted) to what the cover
 * fields `after` say (null: deleted), and the book is already written: keys it starts using get
 * their copy asked for; keys it stopped using are swept when no book uses them any more.
 */
export async function followCoverKeys(ctx: MutationCtx, before: CoverKeys | null, after: CoverFields | null): Promise<void> {
  const next = coverRefsOf(after);
  const oldKeys = [before?.foundCoverKey, before?.chosenCoverKey];
  const nextKeys = [next.found?.key, next.chosen?.key];
  for (const ref of [next.found, next.chosen]) {
    if (ref !== null && !oldKeys.includes(ref.key)) await useSourceCover(ctx, ref);
  }
  for (const key of new Set(oldKeys)) {
    if (key !== undefined && !nextKeys.includes(key)) await sweepIfUnused(ctx, key);
  }
}

/** A book now uses this source cover: its copy is asked for once; a refused one is taken off again. */
async function useSourceCover(ctx: MutationCtx, ref: CoverRef): Promise<void> {
  const row = await storedCoverByKey(ctx, ref.key);
  if (row?.state === "refused") {
    await ctx.scheduler.runAfter(0, internal.storedCovers.takeRefusedCoverOff, { key: ref.key });
    return;
  }
  if (row !== null || !ref.stored) return;
  const now = Date.now();
  await ctx.db.insert("storedCovers", {
    key: ref.key,
    source: ref.source as CoverSource,
    sourceUrl: ref.url,
    state: "pending",
    dueAt: now,
    createdAt: now,
  });
  await wakeFetcher(ctx, now);
}

/** Deletes the copy of `key` (file and document) when no book uses it. A refusal is a fact and stays. */
export async function sweepIfUnused(ctx: MutationCtx, key: string): Promise<boolean> {
  const found = await ctx.db
    .query("books")
    .withIndex("by_found_cover_key", (q) => q.eq("foundCoverKey", key))
    .first();
  if (found !== null) return false;
  const chosen = await ctx.db
    .query("books")
    .withIndex("by_chosen_cover_key", (q) => q.eq("chosenCoverKey", key))
    .first();
  if (chosen !== null) return false;
  const row = await storedCoverByKey(ctx, key);
  if (row === null || row.state === "refused") return false;
  if (row.storageId !== undefined) await deleteFileIfPresent(ctx, row.storageId);
  await ctx.db.delete("storedCovers", row._id);
  return true;
}

async function deleteFileIfPresent(ctx: MutationCtx, storageId: Id<"_storage">): Promise<void> {
  if ((await ctx.db.system.get("_storage", storageId)) !== null) await ctx.storage.delete(storageId);
}

/** The source cover is known refused (gone or not a cover): no book may take it. */
export async function isRefusedCover(ctx: QueryCtx, url: string): Promise<boolean> {
  const ref = coverRefOf(url);
  if (ref === null) return false;
  return (await storedCoverByKey(ctx, ref.key))?.state === "refused";
}

/* ------------------------------------------------------------------ the fetcher chain */

let fetchingOff = false;

/**
 * For tests that are not about stored copies (a 20,000-book fixture): copies are still asked for,
 * but no fetcher runs. Returns a restore function.
 */
export function turnCopyFetchingOff(): () => void {
  const previous = fetchingOff;
  fetchingOff = true;
  return () => {
    fetchingOff = previous;
  };
}

/** Makes sure a fetcher step runs by `at`: nothing when one is running or due by then; else a new chain. */
export async function wakeFetcher(ctx: MutationCtx, at: number): Promise<void> {
  if (fetchingOff) return;
  const now = Date.now();
  const doc = await ctx.db.query("coverCopyFetcher").first();
  if (doc !== null) {
    const running = doc.running !== undefined && now - doc.running < FETCHER_STALL_MS;
    const dueSoonEnough = doc.running === undefined && doc.nextStepAt <= at && doc.nextStepAt >= now - FETCHER_STALL_MS;
    if (running || dueSoonEnough) return;
  }
  const generation = (doc?.generation ?? 0) + 1;
  await ctx.scheduler.runAt(at, internal.storedCovers.fetchCopies, { generation });
  if (doc === null) await ctx.db.insert("coverCopyFetcher", { nextStepAt: at, generation });
  else await ctx.db.patch("coverCopyFetcher", doc._id, { nextStepAt: at, generation, running: undefined });
}

export interface CopyRequest {
  id: Id<"storedCovers">;
  key: string;
  source: CoverSource;
  url: string;
  /** When the request may go out (a granted slot of the image host). */
  slot: number;
}

function pacingOf(doc: Doc<"coverImagePacing"> | null): PacingState {
  if (doc === null) return emptyPacing();
  return {
    slots: doc.slots,
    bulk: doc.bulk,
    ...(doc.tat !== undefined ? { tat: doc.tat } : {}),
    runs: doc.bulkRuns,
    readers: doc.readers,
    ...(doc.pausedUntil !== undefined ? { pausedUntil: doc.pausedUntil } : {}),
    ...(doc.pauseStrikes !== undefined ? { pauseStrikes: doc.pauseStrikes } : {}),
    ...(doc.pauseReason !== undefined ? { pauseReason: doc.pauseReason } : {}),
  };
}

async function imagePacingDoc(ctx: QueryCtx, source: CoverSource) {
  return await ctx.db
    .query("coverImagePacing")
    .withIndex("by_source", (q) => q.eq("source", source))
    .unique();
}

/**
 * Reserves `count` requests to a source's image host (its `imagePacing`, else its lookup pacing):
 * the granted slots, or when the host is paused, until when.
 */
export async function reserveImageSlots(
  ctx: MutationCtx,
  args: { source: CoverSource; count: number; priority: SlotPriority; key: string; deadline: number },
): Promise<{ slots: number[]; pausedUntil?: number; retryAt?: number }> {
  const adapter = coverSourceById(args.source);
  if (!adapter) return { slots: [] };
  const doc = await imagePacingDoc(ctx, args.source);
  const now = Date.now();
  const grant = grantSlots(pacingOf(doc), now, adapter.imagePacing ?? adapter.pacing, {
    priority: args.priority,
    key: args.key,
    count: args.count,
    deadline: args.deadline,
  });
  if (grant.paused) return { slots: [], pausedUntil: grant.paused.until };
  const fields = {
    slots: grant.state.slots,
    bulk: grant.state.bulk,
    tat: grant.state.tat,
    bulkRuns: grant.state.runs,
    readers: grant.state.readers,
  };
  if (doc) await ctx.db.patch("coverImagePacing", doc._id, fields);
  else await ctx.db.insert("coverImagePacing", { source: args.source, ...fields });
  return { slots: grant.slots, ...(grant.retryAt !== undefined ? { retryAt: grant.retryAt } : {}) };
}

/** A 429/503 from a source's image host: its requests pause (Retry-After, else a growing default). */
export async function pauseImageHost(ctx: MutationCtx, source: CoverSource, retryAfterMs?: number): Promise<number> {
  const doc = await imagePacingDoc(ctx, source);
  const now = Date.now();
  const next = nextSourcePause(
    { pausedUntil: doc?.pausedUntil, pauseStrikes: doc?.pauseStrikes, pauseReason: doc?.pauseReason },
    now,
    retryAfterMs,
  );
  if (doc) await ctx.db.patch("coverImagePacing", doc._id, next);
  else await ctx.db.insert("coverImagePacing", { source, slots: [], bulk: [], bulkRuns: [], readers: [], ...next });
  return next.pausedUntil;
}

/**
 * A fetcher step's start: claims up to COPY_STEP_MAX due copies and reserves their image requests,
 * in one transaction. Null when this chain is no longer the current one.
 */
export async function beginCopyStep(ctx: MutationCtx, generation: number): Promise<CopyRequest[] | null> {
  const fetcher = await ctx.db.query("coverCopyFetcher").first();
  if (fetcher === null || fetcher.generation !== generation) return null;
  const now = Date.now();
  await ctx.db.patch("coverCopyFetcher", fetcher._id, { running: now });
  const due = await ctx.db
    .query("storedCovers")
    .withIndex("by_state_due", (q) => q.eq("state", "pending").lte("dueAt", now))
    .take(COPY_STEP_MAX);
  const bySource = new Map<CoverSource, Doc<"storedCovers">[]>();
  for (const row of due) bySource.set(row.source, [...(bySource.get(row.source) ?? []), row]);
  const requests: CopyRequest[] = [];
  for (const [source, rows] of bySource) {
    const grant = await reserveImageSlots(ctx, {
      source,
      count: rows.length,
      priority: "bulk",
      key: COPY_RUN_KEY,
      deadline: now + COPY_STEP_HORIZON_MS,
    });
    for (const [i, row] of rows.entries()) {
      const slot = grant.slots[i];
      if (slot === undefined) {
        // Not granted in this step: due again when the host is free (a pause, or its rate).
        const at = grant.pausedUntil ?? grant.retryAt ?? now + 1_000;
        await ctx.db.patch("storedCovers", row._id, { dueAt: Math.max(at, now + 1_000) });
        continue;
      }
      await ctx.db.patch("storedCovers", row._id, { dueAt: slot + COPY_CLAIM_MS });
      requests.push({ id: row._id, key: row.key, source, url: row.sourceUrl, slot });
    }
  }
  return requests;
}

/** What the action learnt about one copy. */
export type CopyOutcome =
  | {
      kind: "stored";
      id: Id<"storedCovers">;
      storageId: Id<"_storage">;
      width: number;
      height: number;
      bytes: number;
      mime: string;
    }
  | { kind: "refused"; id: Id<"storedCovers">; refusal: string }
  | { kind: "transient"; id: Id<"storedCovers">; problem: string; retryAfterMs?: number };

/** A fetcher step's end: writes every outcome, then schedules the next step while copies are pending. */
export async function finishCopyStep(ctx: MutationCtx, generation: number, outcomes: CopyOutcome[]): Promise<void> {
  const now = Date.now();
  for (const outcome of outcomes) await applyCopyOutcome(ctx, outcome, now);
  const fetcher = await ctx.db.query("coverCopyFetcher").first();
  if (fetcher === null || fetcher.generation !== generation) return;
  const next = await ctx.db
    .query("storedCovers")
    .withIndex("by_state_due", (q) => q.eq("state", "pending"))
    .first();
  if (next === null) {
    await ctx.db.delete("coverCopyFetcher", fetcher._id);
    return;
  }
  const at = Math.max(now, next.dueAt ?? now);
  await ctx.scheduler.runAt(at, internal.storedCovers.fetchCopies, { generation });
  await ctx.db.patch("coverCopyFetcher", fetcher._id, { nextStepAt: at, running: undefined });
}

async function applyCopyOutcome(ctx: MutationCtx, outcome: CopyOutcome, now: number): Promise<void> {
  const row = await ctx.db.get("storedCovers", outcome.id);
  if (row === null || row.state !== "pending") {
    // Swept (no book uses it any more) or settled by another step while this one fetched it.
    if (outcome.kind === "stored") await deleteFileIfPresent(ctx, outcome.storageId);
    return;
  }
  if (outcome.kind === "stored") {
    await ctx.db.patch("storedCovers", row._id, {
      state: "stored",
      dueAt: undefined,
      storageId: outcome.storageId,
      url: (await ctx.storage.getUrl(outcome.storageId)) ?? undefined,
      width: outcome.width,
      height: outcome.height,
      bytes: outcome.bytes,
      mime: outcome.mime,
      settledAt: now,
    });
  } else if (outcome.kind === "refused") {
    await refuseSourceCover(ctx, row, outcome.refusal, now);
  } else {
    const attempts = (row.attempts ?? 0) + 1;
    let dueAt = nextCopyAttemptAt(now, attempts);
    if (outcome.problem === "rate_limited") dueAt = await pauseImageHost(ctx, row.source, outcome.retryAfterMs);
    await ctx.db.patch("storedCovers", row._id, { attempts, dueAt });
  }
}

/** The server saw the source cover gone or not a cover: remember it and take it off every book. */
export async function refuseSourceCover(ctx: MutationCtx, row: Doc<"storedCovers">, refusal: string, now: number) {
  if (row.storageId !== undefined) await deleteFileIfPresent(ctx, row.storageId);
  await ctx.db.patch("storedCovers", row._id, {
    state: "refused",
    refusal,
    dueAt: undefined,
    storageId: undefined,
    url: undefined,
    settledAt: now,
  });
  await ctx.scheduler.runAfter(0, internal.storedCovers.takeRefusedCoverOff, { key: row.key });
}

/** Records a refusal of a source cover that has no document yet (a link-only source's cover). */
export async function refuseCoverByRef(ctx: MutationCtx, ref: CoverRef, refusal: string): Promise<void> {
  const now = Date.now();
  const row = await storedCoverByKey(ctx, ref.key);
  if (row !== null) {
    if (row.state !== "refused") await refuseSourceCover(ctx, row, refusal, now);
    else await ctx.scheduler.runAfter(0, internal.storedCovers.takeRefusedCoverOff, { key: ref.key });
    return;
  }
  await ctx.db.insert("storedCovers", {
    key: ref.key,
    source: ref.source as CoverSource,
    sourceUrl: ref.url,
    state: "refused",
    refusal,
    createdAt: now,
    settledAt: now,
  });
  await ctx.scheduler.runAfter(0, internal.storedCovers.takeRefusedCoverOff, { key: ref.key });
}
