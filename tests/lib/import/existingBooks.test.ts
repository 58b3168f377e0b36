import { describe, expect, it, vi } from "vitest";
import { ExistingBooksLookup, FIND_EXISTING_BATCH, type FindExisting } from "@/components/import/existingBooks";
import type { Id } from "@/convex/_generated/dataModel";
import { dedupKeyFor } from "@/lib/books/text";

const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ title: `Book ${from + i}`, author: "A", goodreadsId: String(from + i) }));

describe("ExistingBooksLookup", () => {
  it("asks in batches of at most 500 of each key kind, Goodreads ids included", async () => {
    const find = vi.fn<FindExisting>(async () => ({ isbns: [], dedupKeys: [], books: [] }));
    await new ExistingBooksLookup(find).lookup(rows(1_200));
    expect(find).toHaveBeenCalledTimes(3);
    for (const [args] of find.mock.calls) {
      expect(args.dedupKeys.length).toBeLessThanOrEqual(FIND_EXISTING_BATCH);
      expect(args.goodreadsIds.length).toBeLessThanOrEqual(FIND_EXISTING_BATCH);
    }
    expect(find.mock.calls.flatMap(([a]) => a.goodreadsIds)).toHaveLength(1_200);
  });

  it("remembers what it asked, and returns each library book once", async () => {
    const key = dedupKeyFor("Book 1", "A");
    const book = { id: "b1" as Id<"books">, dedupKey: key, goodreadsId: "1", createdAt: 5 };
    const find = vi.fn<FindExisting>(async () => ({ isbns: [], dedupKeys: [key], books: [book, book] }));
    const lookup = new ExistingBooksLookup(find);
    expect((await lookup.lookup(rows(3))).books).toEqual([book]);
    expect((await lookup.lookup(rows(3))).books).toEqual([book]);
    expect(find).toHaveBeenCalledTimes(1);
  });
});
