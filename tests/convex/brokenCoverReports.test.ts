/**
 * Broken means verified broken (invariant 11): a tile's load error is a hint, and only the server's
 * own evidence (the image gone, or not a cover) takes a cover off a book. The reproduction:
 * 20 books whose covers load fine, one simulated load error each, must keep all 20 covers.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { setLookupPacer } from "../../convex/model/backfillRun";
import { unlimited } from "../../lib/cover/rateLimiter";
import { coverImageHandler, coverJpeg, openLibraryNoCover, type CoverImageAnswer } from "../msw/coverImages";
import { coverSourceHandlers, type CatalogueBook } from "../msw/coverSources";
import { server } from "../msw/server";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";

const cover = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;

/** The catalogue knows the test book under two works (covers 501, then 502). */
const EDITIONS: CatalogueBook[] = [
  { title: "The Glass Orchard", authors: ["Wren Ashdown"], coverId: 501 },
  { title: "The Glass Orchard", authors: ["Wren Ashdown"], coverId: 502 },
];

let restore: () => void;
let imageRequests: string[];
beforeEach(() => {
  vi.useFakeTimers();
  imageRequests = [];
  delete process.env.GOOGLE_BOOKS_API_KEY;
  restore = setLookupPacer(unlimited);
  server.use(...coverSourceHandlers({ books: EDITIONS }));
});
afterEach(() => {
  restore();
  vi.useRealTimers();
});

/** Answers the image host with `answer` for every cover id (and counts the requests). */
function imageHost(answer: (coverId: number | null) => CoverImageAnswer) {
  server.use(coverImageHandler(answer, (url) => imageRequests.push(url)));
}

async function settle(t: TestConvex) {
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

async function booksWithFoundCovers(t: TestConvex, as: SignedIn, count: number, firstCoverId = 700): Promise<Id<"books">[]> {
  const ids: Id<"books">[] = [];
  for (let i = 0; i < count; i++) {
    const id = await as.mutation(api.books.create, { title: `Book ${i}`, author: "Wren Ashdown", status: "read" });
    await t.run((ctx) => ctx.db.patch("books", id, { apiCoverUrl: cover(firstCoverId + i), apiSource: "open-library" }));
    ids.push(id);
  }
  return ids;
}

async function foundCovers(t: TestConvex, ids: Id<"books">[]): Promise<(string | undefined)[]> {
  return await t.run(async (ctx) => Promise.all(ids.map(async (id) => (await ctx.db.get("books", id))?.apiCoverUrl)));
}

describe("a tile's load error is only a hint (invariant 11)", () => {
  test("20 books with good covers, one load error each: all 20 keep their covers (the issue's reproduction)", async () => {
    imageHost(() => ({ kind: "image", bytes: coverJpeg() }));
    const t = newBackend();
    const { as } = await createUser(t);
    const ids = await booksWithFoundCovers(t, as, 20);
    for (const [i, id] of ids.entries()) await as.mutation(api.books.reportBrokenCover, { bookId: id, url: cover(700 + i) });
    await settle(t);
    const kept = await foundCovers(t, ids);
    expect(kept.filter((url) => url !== undefined)).toHaveLength(20);
    expect(kept).toEqual(ids.map((_, i) => cover(700 + i)));
  });

  test.each([
    ["a timeout-like network failure", { kind: "network_error" } as const],
    ["429 without Retry-After", { kind: "status", status: 429 } as const],
    ["503", { kind: "status", status: 503 } as const],
    ["500", { kind: "status", status: 500 } as const],
    ["403", { kind: "status", status: 403 } as const],
  ])("%s from the image host rejects nothing", async (_name, answer) => {
    imageHost(() => answer);
    const t = newBackend();
    const { as } = await createUser(t);
    const [id] = await booksWithFoundCovers(t, as, 1);
    expect(await as.mutation(api.books.reportBrokenCover, { bookId: id, url: cover(700) })).toBe("checking");
    await settle(t);
    const after = await t.run((ctx) => ctx.db.get("books", id));
    expect(after).toMatchObject({ apiCoverUrl: cover(700) });
    expect(after?.rejectedCovers ?? []).toEqual([]);
    // The server did look: the report was not dropped unexamined.
    expect(imageRequests.length).toBeGreaterThan(0);
  });

  test("a report from a tab that says it is offline is ignored, without asking anyone", async () => {
    imageHost(() => ({ kind: "status", status: 404 }));
    const t = newBackend();
    const { as } = await createUser(t);
    const [id] = await booksWithFoundCovers(t, as, 1);
    imageRequests.length = 0;
    expect(await as.mutation(api.books.reportBrokenCover, { bookId: id, url: cover(700), offline: true })).toBe("ignored");
    await settle(t);
    expect(await foundCovers(t, [id])).toEqual([cover(700)]);
  });

  test("a cover the server sees gone (404) is taken off, rejected, and another one found (never the gone one again)", async () => {
    imageHost((coverId) => (coverId === 501 ? { kind: "status", status: 404 } : { kind: "image", bytes: coverJpeg() }));
    const t = newBackend();
    const { as } = await createUser(t);
    const id = await as.mutation(api.books.create, { title: "The Glass Orchard", author: "Wren Ashdown", status: "read" });
    await t.run((ctx) => ctx.db.patch("books", id, { apiCoverUrl: cover(501), apiSource: "open-library" }));
    expect(await as.mutation(api.books.reportBrokenCover, { bookId: id, url: cover(501) })).toBe("checking");
    await settle(t);
    const after = await t.run((ctx) => ctx.db.get("books", id));
    expect(after?.rejectedCovers).toContain("ol:501");
    expect(after?.apiCoverUrl).toBe(cover(502));
  });

  test("a cover that loads as Open Library's 1×1 placeholder is refused by the server's check", async () => {
    imageHost(() => ({ kind: "image", bytes: openLibraryNoCover(), contentType: "image/gif" }));
    const t = newBackend();
    const { as } = await createUser(t);
    const [id] = await booksWithFoundCovers(t, as, 1);
    await as.mutation(api.books.reportBrokenCover, { bookId: id, url: cover(700) });
    await settle(t);
    const after = await t.run((ctx) => ctx.db.get("books", id));
    expect(after?.apiCoverUrl).toBeUndefined();
    expect(after?.rejectedCovers).toContain("ol:700");
  });
});
