/**
 * A 20,000-book library end to end: nothing reads it whole. The backend enforces read limits far
 * below the library's size (a function reading every book would throw), and the figures a
 * transaction reports are checked against what the page or batch should cost.
 */
import { convexTest } from "convex-test";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { insertBook } from "../../convex/model/bookWrites";
import { listMissingCoverBooks } from "../../convex/model/coverBackfill";
import { commitImportChunk } from "../../convex/model/importCommit";
import { findExistingKeys } from "../../convex/model/importMerge";
import { getLibraryCounts } from "../../convex/model/libraryCounts";
import { listLibraryPage, type ListArgs } from "../../convex/model/libraryListing";
import schema from "../../convex/schema";
import { isbnFor } from "../support/importRows";
import { largeLibraryBook } from "../support/largeLibrary";
import { finishScheduled } from "../support/libraryFixtures";
import { turnCopyFetchingOff } from "../../convex/model/storedCovers";
import { createUser, type TestConvex } from "../support/users";
import { modules } from "./modules";

const BOOKS = 20_000;
/** Each insert patches the counter document, which reads it: a chunk reads about this many documents. */
// Each insert of a book with a found cover also asks for its stored copy (one more index range).
const FILL_CHUNK = 500;
const PAGE = 60;
/** A tile reads its book and, when it has a cover, that cover's stored-copy document (what it shows). */
const PAGE_READS = 2 * PAGE;
/** Far below the library: reading it whole (20,000 documents, ~18 MB) would throw. */
const LIMITS = { documentsRead: 2_500, bytesRead: 4 * 2 ** 20, databaseQueries: 1_500 };

type Usage = { documentsRead: number; databaseQueries: number };

/** Runs `work` in one transaction and reports what it read. */
async function measure<T>(t: TestConvex, work: (ctx: Parameters<Parameters<TestConvex["run"]>[0]>[0]) => Promise<T>) {
  return await t.run(async (ctx) => {
    const result = await work(ctx);
    const m = await ctx.meta.getTransactionMetrics();
    return { result, usage: { documentsRead: m.documentsRead.used, databaseQueries: m.databaseQueries.used } as Usage };
  });
}

// Scheduled work (the shelf sync, deletion steps) runs when the test advances the clock.
// The stored copies of the fixture's 13,000-odd covers are asked for, not fetched: that is
// tests/convex/storedCovers.test.ts's subject.
let restoreFetching: () => void;
beforeEach(() => {
  vi.useFakeTimers();
  restoreFetching = turnCopyFetchingOff();
});
afterEach(() => {
  restoreFetching();
  vi.useRealTimers();
});

describe("a 20,000-book library", () => {
  test("lists, searches, filters, counts, scans for missing covers, merges an import and deletes, all in bounded reads", async () => {
    const t = convexTest({ schema, modules, transactionLimits: LIMITS }) as TestConvex;
    const { userId, as } = await createUser(t);
    for (let start = 0; start < BOOKS; start += FILL_CHUNK) {
      await t.run(async (ctx) => {
        for (let n = start; n < start + FILL_CHUNK; n++) await insertBook(ctx, largeLibraryBook(userId, n));
      });
    }
    await finishScheduled(t);
    const page = (args: Omit<ListArgs, "paginationOpts">, cursor: string | null = null) =>
      measure(t, (ctx) => listLibraryPage(ctx, userId, { ...args, paginationOpts: { numItems: PAGE, cursor } }));

    // Counts: one document.
    const counts = await measure(t, (ctx) => getLibraryCounts(ctx, userId));
    expect(counts.result.total).toBe(BOOKS);
    expect(
      counts.result.byStatus.read + counts.result.byStatus["want-to-read"] + counts.result.byStatus["currently-reading"],
    ).toBe(BOOKS);
    expect(counts.usage).toEqual({ documentsRead: 1, databaseQueries: 1 });

    // The first page and a later one: a page's worth of documents each, newest first, no repeats.
    const first = await page({});
    expect(first.result.page).toHaveLength(PAGE);
    expect(first.usage.documentsRead).toBeLessThanOrEqual(PAGE_READS);
    const second = await as.query(api.books.list, { paginationOpts: { numItems: PAGE, cursor: first.result.continueCursor } });
    const later = await page({}, second.continueCursor);
    expect(later.result.page).toHaveLength(PAGE);
    expect(later.usage.documentsRead).toBeLessThanOrEqual(PAGE_READS);
    const seen = new Set([...first.result.page, ...second.page, ...later.result.page].map((b) => b._id));
    expect(seen.size).toBe(3 * PAGE);

    // Every order with a status filter, and a shelf: one page's reads (a shelf page also reads its entries).
    for (const sort of ["added", "title", "author", "rating"] as const) {
      const sorted = await page({ sort, status: "currently-reading" });
      expect(sorted.result.page).toHaveLength(PAGE);
      expect(sorted.result.page.every((b) => b.status === "currently-reading")).toBe(true);
      expect(sorted.usage.documentsRead).toBeLessThanOrEqual(PAGE_READS);
    }
    const shelf = await page({ sort: "title", shelf: "fiction" });
    expect(shelf.result.page).toHaveLength(PAGE);
    expect(shelf.usage.documentsRead).toBeLessThanOrEqual(PAGE + PAGE_READS);

    // Search by author: the books of one author among 20,000.
    const search = await page({ search: "Lastname996" });
    expect(search.result.page.length).toBeGreaterThan(0);
    expect(search.result.page.every((b) => b.author === "Firstname Lastname996")).toBe(true);
    expect(search.usage.documentsRead).toBeLessThanOrEqual(PAGE_READS);
    const publicSearch = await as.query(api.books.list, {
      paginationOpts: { numItems: PAGE, cursor: null },
      search: "Lastname996",
    });
    expect(publicSearch.page.map((b) => b._id)).toEqual(search.result.page.map((b) => b._id));

    // The missing-cover scan reads only books that miss covers, a batch at a time.
    const missing = await measure(t, (ctx) => listMissingCoverBooks(ctx, { userId, limit: 50 }));
    expect(missing.result).toHaveLength(50);
    expect(missing.usage.documentsRead).toBeLessThanOrEqual(50);
    expect(await t.query(internal.books.listMissingCovers, { userId, limit: 50 })).toHaveLength(50);

    // The rest of what the library pages read: backfill progress, the import preview's duplicate
    // lookup (one index range per key; 40 keys here, as convex-test scans the table for each) and
    // the shelf list, each under the limits.
    expect(await as.query(api.coverBackfill.progress, {})).toEqual({ run: null });
    const existing = await measure(t, (ctx) =>
      findExistingKeys(ctx, userId, {
        isbns: Array.from({ length: 40 }, (_, i) => isbnFor(i * 400)),
        dedupKeys: ["no such|book"],
      }),
    );
    expect(existing.result).toMatchObject({ isbns: Array.from({ length: 40 }, (_, i) => isbnFor(i * 400)), dedupKeys: [] });
    expect(existing.result.books).toHaveLength(40);
    expect(existing.usage.documentsRead).toBe(40);
    expect((await as.query(api.library.shelves, {})).find((s) => s.key === "fiction")?.count).toBe(BOOKS / 20);

    // An import merging into the library: 40 rows, half of them books it already has.
    const rows = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? { line: i + 1, title: "Renamed in the export", author: "Whoever", isbn: isbnFor(i * 7), status: "read" as const }
        : { line: i + 1, title: `New import ${i}`, author: "New Author", status: "want-to-read" as const },
    );
    const merge = await measure(t, (ctx) =>
      commitImportChunk(ctx, userId, { clientImportId: "large", format: "goodreads", rows, startCoverBackfill: false }),
    );
    expect(merge.result).toMatchObject({ created: 20, merged: 20, failed: [] });
    expect(merge.usage.documentsRead).toBeLessThanOrEqual(4 * rows.length);
    expect((await as.query(api.library.counts, {})).total).toBe(BOOKS + 20);

    // Delete all: chunked steps, each within the limits; the library ends empty.
    await as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    await finishScheduled(t);
    expect(await as.query(api.library.deletion, {})).toMatchObject({ state: "done", total: BOOKS + 20, deleted: BOOKS + 20 });
    expect(await as.query(api.library.counts, {})).toMatchObject({ total: 0 });
    expect((await as.query(api.books.list, { paginationOpts: { numItems: PAGE, cursor: null } })).page).toEqual([]);
    const left = await t.run(async (ctx) => ({
      books: await ctx.db.query("books").take(1),
      entries: await ctx.db.query("shelfEntries").take(1),
      shelves: await ctx.db.query("libraryShelves").take(1),
    }));
    expect(left).toEqual({ books: [], entries: [], shelves: [] });
    // Only a hang reaches this: 20,000 books (and the stored-copy documents of their 13,000-odd
    // covers) are written through insertBook, which on a machine shared with busy test runs took
    // longer than the suite's default (vitest.config.ts). No assertion depends on the time.
  }, 1_800_000);

  test("a function that read the library whole would fail under these limits", async () => {
    const t = convexTest({ schema, modules, transactionLimits: LIMITS }) as TestConvex;
    const { userId } = await createUser(t);
    for (let start = 0; start <= LIMITS.documentsRead; start += FILL_CHUNK) {
      await t.run(async (ctx) => {
        for (let n = start; n < start + FILL_CHUNK; n++) await insertBook(ctx, largeLibraryBook(userId as Id<"users">, n));
      });
    }
    await expect(
      t.run((ctx) =>
        ctx.db
          .query("books")
          .withIndex("by_user", (q) => q.eq("userId", userId))
          .collect(),
      ),
    ).rejects.toThrow(/Scanned too many documents/);
  });
});
