import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { BOOK_STATUSES, getLibraryCounts, type LibraryCounts } from "../../convex/model/libraryCounts";
import { finishScheduled, importRows, recount } from "../support/libraryFixtures";
import { createUser, newBackend, type SignedIn } from "../support/users";

// Scheduled work (the shelf sync) runs when finishScheduled advances the clock.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

type Status = (typeof BOOK_STATUSES)[number];

/** Counts as `library.counts` returns them; every book here has no cover unless `withoutCover` says otherwise. */
function counts(total: number, byStatus: Partial<Record<Status, number>>, withoutCover = total): LibraryCounts {
  return {
    total,
    byStatus: { ...Object.fromEntries(BOOK_STATUSES.map((s) => [s, 0])), ...byStatus } as LibraryCounts["byStatus"],
    withoutCover,
  };
}

async function expectCounts(as: SignedIn, expected: LibraryCounts) {
  expect(await as.query(api.library.counts, {})).toEqual(expected);
  expect(await recount(as)).toEqual(expected);
}

describe("library.counts", () => {
  test("is all zero for a reader without books", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await expectCounts(as, counts(0, {}));
  });

  test("create, status change, other edits and remove keep the counts right", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const dune = await as.mutation(api.books.create, { title: "Dune", author: "Frank Herbert", status: "read" });
    const emma = await as.mutation(api.books.create, { title: "Emma", author: "Jane Austen", status: "want-to-read" });
    await expectCounts(as, counts(2, { read: 1, "want-to-read": 1 }));

    await as.mutation(api.books.update, { bookId: emma, status: "currently-reading" });
    await expectCounts(as, counts(2, { read: 1, "currently-reading": 1 }));
    await as.mutation(api.books.update, { bookId: emma, title: "Emma (annotated)", status: "currently-reading" });
    await expectCounts(as, counts(2, { read: 1, "currently-reading": 1 }));

    await as.mutation(api.books.remove, { bookId: dune });
    await expectCounts(as, counts(1, { "currently-reading": 1 }));
  });

  test("a failed write changes nothing", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const other = await createUser(t, "Other");
    const theirs = await other.as.mutation(api.books.create, { title: "Theirs", author: "", status: "read" });
    await expect(as.mutation(api.books.create, { title: " ", author: "", status: "read" })).rejects.toThrow();
    await expect(as.mutation(api.books.remove, { bookId: theirs })).rejects.toThrow();
    await expect(as.mutation(api.books.update, { bookId: theirs, status: "want-to-read" })).rejects.toThrow();
    await expectCounts(as, counts(0, {}));
    await expectCounts(other.as, counts(1, { read: 1 }));
  });

  test("an import counts the books it creates, not the ones it merges into", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await as.mutation(api.books.create, { title: "Dune", author: "Frank Herbert", status: "read" });
    const result = await importRows(as, [
      { title: "Dune", author: "Frank Herbert", status: "want-to-read" },
      { title: "Emma", author: "Jane Austen", status: "want-to-read" },
      { title: "Emma", author: "Jane Austen", status: "read" },
      { title: "Hamlet", author: "William Shakespeare", status: "currently-reading" },
      { title: "", author: "Nobody", status: "read" },
    ]);
    expect(result).toMatchObject({ created: 2, merged: 2 });
    expect(result.failed).toHaveLength(1);
    await expectCounts(as, counts(3, { read: 1, "want-to-read": 1, "currently-reading": 1 }));
  });

  test("reading the counts reads one document, however big the library", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    await importRows(
      as,
      Array.from({ length: 200 }, (_, i) => ({
        title: `Book ${i}`,
        author: "A",
        status: BOOK_STATUSES[i % BOOK_STATUSES.length],
      })),
    );
    const measured = await t.run(async (ctx) => {
      const result = await getLibraryCounts(ctx, userId);
      const metrics = await ctx.meta.getTransactionMetrics();
      return { result, read: metrics.documentsRead.used, ranges: metrics.databaseQueries.used };
    });
    expect(measured.result.total).toBe(200);
    expect(measured.read).toBe(1);
    expect(measured.ranges).toBe(1);
  });

  test("a long mixed sequence of writes keeps the counter equal to a recount", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const ids: Id<"books">[] = [];
    // A fixed pseudo-random sequence (no Math.random: the test must be reproducible).
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 60; step++) {
      const op = ids.length === 0 ? 0 : next(4);
      const status = BOOK_STATUSES[next(BOOK_STATUSES.length)];
      if (op === 0) ids.push(await as.mutation(api.books.create, { title: `Book ${step}`, author: "A", status }));
      else if (op === 1) await as.mutation(api.books.update, { bookId: ids[next(ids.length)], status });
      else if (op === 2) await as.mutation(api.books.remove, { bookId: ids.splice(next(ids.length), 1)[0] });
      else
        await importRows(as, [
          { title: `Imported ${step}`, author: "B", status },
          { title: `Book ${step - 1}`, author: "A", status },
        ]);
    }
    expect(await as.query(api.library.counts, {})).toEqual(await recount(as));
  });

  test("books written before the counter existed are counted by the listing-key migration", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    await as.mutation(api.books.create, { title: "New", author: "A", status: "read" });
    // Books as an earlier version wrote them: no listing keys, never counted.
    const legacy = await t.run(async (ctx) => {
      const doc = (title: string, status: Status) => ({
        userId,
        title,
        author: "Old Author",
        status,
        dedupKey: `${title}|old author`,
        shelves: ["old shelf"],
        createdAt: 1,
        updatedAt: 1,
      });
      return [
        await ctx.db.insert("books", doc("Legacy one", "want-to-read")),
        await ctx.db.insert("books", doc("Legacy two", "want-to-read")),
        await ctx.db.insert("books", doc("Legacy three", "read")),
      ];
    });
    // Before the migration reaches them, one is deleted and one edited: neither may skew the counts.
    await as.mutation(api.books.remove, { bookId: legacy[0] });
    await as.mutation(api.books.update, { bookId: legacy[1], status: "currently-reading" });
    await t.mutation(internal.library.backfillListingKeys, {});
    await finishScheduled(t);

    await expectCounts(as, counts(3, { read: 2, "currently-reading": 1 }));
    const books = await t.run((ctx) => ctx.db.query("books").collect());
    expect(books.every((b) => b.titleKey !== undefined && b.addedAt !== undefined)).toBe(true);
    expect(await as.query(api.library.shelves, {})).toEqual([{ key: "old shelf", name: "old shelf", count: 2 }]);
    // Running it again changes nothing.
    await t.mutation(internal.library.backfillListingKeys, {});
    await finishScheduled(t);
    await expectCounts(as, counts(3, { read: 2, "currently-reading": 1 }));
  });
});

describe('library.counts.withoutCover (the wall\'s "No cover yet")', () => {
  const found = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;

  test("follows every change of a book's covers: found, chosen, rejected, removed, deleted", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const dune = await as.mutation(api.books.create, { title: "Dune", author: "Frank Herbert", status: "read" });
    const emma = await as.mutation(api.books.create, { title: "Emma", author: "Jane Austen", status: "read" });
    await expectCounts(as, counts(2, { read: 2 }, 2));

    await t.mutation(internal.books.writeApiCover, { userId, bookId: dune, apiCoverUrl: found(1), apiSource: "open-library" });
    await expectCounts(as, counts(2, { read: 2 }, 1));
    // The reader's own cover over a found one: still one book with a cover.
    await as.mutation(api.books.chooseCover, { bookId: dune, url: found(2) });
    await expectCounts(as, counts(2, { read: 2 }, 1));
    // Without its own cover, the found one still shows.
    await as.mutation(api.books.removeCover, { bookId: dune });
    await expectCounts(as, counts(2, { read: 2 }, 1));
    await t.run(async (ctx) => {
      // "Not this cover" without a lookup behind it: the found cover goes.
      const { patchBook } = await import("../../convex/model/bookWrites");
      const book = (await ctx.db.get("books", dune))!;
      await patchBook(ctx, book, { apiCoverUrl: undefined, apiSource: undefined });
    });
    await expectCounts(as, counts(2, { read: 2 }, 2));

    await as.mutation(api.books.remove, { bookId: emma });
    await expectCounts(as, counts(1, { read: 1 }, 1));
    await as.mutation(api.books.remove, { bookId: dune });
    await expectCounts(as, counts(0, {}, 0));
  });

  test("an import counts the books it creates without a cover", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const { createdBookIds } = await importRows(as, [
      { title: "Dune", author: "Frank Herbert", status: "read" },
      { title: "Emma", author: "Jane Austen", status: "read" },
    ]);
    await t.mutation(internal.books.writeApiCover, {
      userId,
      bookId: createdBookIds[0],
      apiCoverUrl: found(3),
      apiSource: "open-library",
    });
    await expectCounts(as, counts(2, { read: 2 }, 1));
  });

  test("books written before the count existed are counted by the listing-key migration, once", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    await t.run(async (ctx) => {
      const doc = (title: string, cover: { apiCoverUrl?: string }, keys: boolean) => ({
        userId,
        title,
        author: "Old Author",
        status: "read" as const,
        dedupKey: `${title}|old author`,
        createdAt: 1,
        updatedAt: 1,
        ...cover,
        // Written after the listing keys existed but before the without-cover count.
        ...(keys ? { titleKey: title.toLowerCase(), authorKey: "author old", searchText: title, addedAt: 1 } : {}),
      });
      await ctx.db.insert("books", doc("Keyed, no cover", {}, true));
      await ctx.db.insert("books", doc("Keyed, found cover", { apiCoverUrl: found(4) }, true));
      await ctx.db.insert("books", doc("Unkeyed, no cover", {}, false));
      await ctx.db.insert("books", doc("Unkeyed, found cover", { apiCoverUrl: found(5) }, false));
      // The keyed ones were counted in total and by status when they were written.
      await ctx.db.insert("libraryCounts", { userId, total: 2, byStatus: { read: 2 } });
    });
    await t.mutation(internal.library.backfillListingKeys, {});
    await finishScheduled(t);
    await expectCounts(as, counts(4, { read: 4 }, 2));

    await t.mutation(internal.library.backfillListingKeys, {});
    await finishScheduled(t);
    await expectCounts(as, counts(4, { read: 4 }, 2));
  });
});
