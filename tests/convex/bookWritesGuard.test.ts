/**
 * Every insert and delete of a book, and every patch that sets a listing field, goes through
 * convex/model/bookWrites.ts, which keeps the reader's counts, the listing keys and the shelf entries
 * in the same transaction. A new write path that talks to the database directly would silently
 * skew them, so this reads the Convex sources and names the offender.
 */
import { describe, expect, test } from "vitest";

const sources = import.meta.glob<string>(["../../convex/**/*.ts", "!../../convex/_generated/**"], {
  query: "?raw",
  import: "default",
  eager: true,
});
const HELPERS = "../../convex/model/bookWrites.ts";
/** Fields the listing keeps keys, counts or shelf entries for (the cover fields: whether a book has a cover). */
const LISTING_FIELDS = [
  "coverUrl",
  "coverStorageId",
  "apiCoverUrl",
  "status",
  "title",
  "author",
  "rating",
  "dateAdded",
  "shelves",
  "titleKey",
  "authorKey",
  "searchText",
  "addedAt",
  "countedWithoutCover",
];

function callsOf(source: string, method: string): string[] {
  const calls: string[] = [];
  const pattern = new RegExp(`\\.${method}\\(\\s*"books"`, "g");
  for (const match of source.matchAll(pattern)) {
    const end = source.indexOf(");", match.index);
    calls.push(source.slice(match.index, end === -1 ? undefined : end));
  }
  return calls;
}

describe("book writes", () => {
  test("the guard sees the Convex sources, including the helpers", () => {
    expect(Object.keys(sources)).toContain(HELPERS);
    expect(callsOf(sources[HELPERS], "insert")).toHaveLength(1);
    expect(callsOf(sources[HELPERS], "delete")).toHaveLength(1);
  });

  test("only bookWrites.ts inserts, deletes or replaces books", () => {
    const offenders = Object.entries(sources)
      .filter(([path]) => path !== HELPERS)
      .flatMap(([path, source]) =>
        ["insert", "delete", "replace"].flatMap((m) => callsOf(source, m).map(() => `${path}: db.${m}`)),
      );
    expect(offenders).toEqual([]);
  });

  test("no other module patches a listing field of a book directly", () => {
    const offenders = Object.entries(sources)
      .filter(([path]) => path !== HELPERS)
      .flatMap(([path, source]) =>
        callsOf(source, "patch")
          .filter((call) =>
            LISTING_FIELDS.some((field) => new RegExp(`\\b${field}\\b\\s*[:,}]`).test(call.replace(/^[^,]*,[^,]*,/, ""))),
          )
          .map((call) => `${path}: ${call.split("\n")[0]}`),
      );
    expect(offenders).toEqual([]);
  });
});
