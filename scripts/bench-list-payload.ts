/**
 * What one `books.list` result costs: bytes of the JSON the client receives and documents read,
 * for a 2,000- and a 20,000-book library of Goodreads-sized books (convex-test, in memory).
 *
 *   npm run bench:list-payload
 *
 * "before" is what `books.list` returned until it was paged: every book document of the library,
 * newest first (reproduced here, since that function is gone, and without the listing keys books
 * carry since). "after" is one page of the paged
 * `books.list` (the wall's first page of 60 tiles, and a page further down). Prints one JSON line
 * per library size and writes bench-results/list-payload.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import type { PaginationResult } from "convex/server";
import { convexTest } from "convex-test";
import { convexToJson, type Value } from "convex/values";
import { api } from "../convex/_generated/api";
import type { Doc, Id } from "../convex/_generated/dataModel";
import { insertBook } from "../convex/model/bookWrites";
import { listLibraryPage, type BookTile } from "../convex/model/libraryListing";
import schema from "../convex/schema";
import { largeLibraryBook } from "../tests/support/largeLibrary";
import { convexTestModules } from "./convexTestModules";

const FILL_CHUNK = 2_000;
const PAGE = 60;
const SIZES = [2_000, 20_000];

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(convexToJson(value as Value)));

async function measure(books: number) {
  const t = convexTest({ schema, modules: convexTestModules() });
  const userId = await t.run((ctx) => ctx.db.insert("users", { name: "Bench" }));
  const sessionId = await t.run((ctx) => ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 }));
  const as = t.withIdentity({ subject: `${userId}|${sessionId}` });
  for (let start = 0; start < books; start += FILL_CHUNK) {
    await t.run(async (ctx) => {
      for (let n = start; n < Math.min(books, start + FILL_CHUNK); n++) await insertBook(ctx, largeLibraryBook(userId, n));
    });
  }

  // Before: the whole library as documents.
  const before = await t.run(async (ctx) => {
    const docs: Doc<"books">[] = await ctx.db
      .query("books")
      .withIndex("by_user", (q) => q.eq("userId", userId as Id<"users">))
      .order("desc")
      .collect();
    const metrics = await ctx.meta.getTransactionMetrics();
    // The documents as they were then: without the listing keys added since.
    const asBefore = docs.map(({ titleKey: _t, authorKey: _a, searchText: _s, addedAt: _d, ...doc }) => doc);
    return { items: docs.length, bytes: jsonBytes(asBefore), documentsRead: metrics.documentsRead.used };
  });

  // After: one page, through the public function (bytes) and the model (documents read).
  const firstPage: PaginationResult<BookTile> = await as.query(api.books.list, {
    paginationOpts: { numItems: PAGE, cursor: null },
  });
  let cursor = firstPage.continueCursor;
  for (let i = 0; i < 4; i++) {
    cursor = (await as.query(api.books.list, { paginationOpts: { numItems: PAGE, cursor } })).continueCursor;
  }
  const laterPage: PaginationResult<BookTile> = await as.query(api.books.list, { paginationOpts: { numItems: PAGE, cursor } });
  const documentsRead = await t.run(async (ctx) => {
    await listLibraryPage(ctx, userId, { paginationOpts: { numItems: PAGE, cursor: null } });
    return (await ctx.meta.getTransactionMetrics()).documentsRead.used;
  });
  return {
    books,
    before,
    after: {
      items: firstPage.page.length,
      bytes: jsonBytes(firstPage),
      sixthPageBytes: jsonBytes(laterPage),
      documentsRead,
    },
  };
}

async function main(): Promise<void> {
  const runs = [];
  for (const books of SIZES) {
    const run = await measure(books);
    console.info(JSON.stringify(run));
    runs.push(run);
  }
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/list-payload.json", JSON.stringify({ pageSize: PAGE, runs }, null, 2) + "\n");
  console.info("figures in bench-results/list-payload.json");
}

await main();
