/**
 * Duplicate detection and merging for imports. Every lookup is an index range that starts with the
 * caller's `userId`, so another reader's books are never found, merged into or modified.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { MAX_SHELVES, type ValidImportRow } from "./importRowValidator";

/**
 * The caller's book this row duplicates, or null. Same ISBN-13 first, else the same normalised
 * title + author key, else the same Goodreads id. At most three index ranges, and at most one
 * document read (misses read none). With several candidates the oldest one wins (index order).
 */
export async function findDuplicateBook(
  ctx: QueryCtx | MutationCtx,
  userId: Id<"users">,
  row: Pick<ValidImportRow, "isbn" | "dedupKey" | "goodreadsId">,
): Promise<Doc<"books"> | null> {
  const { isbn, dedupKey, goodreadsId } = row;
  if (isbn !== undefined) {
    const byIsbn = await ctx.db
      .query("books")
      .withIndex("by_user_isbn", (q) => q.eq("userId", userId).eq("isbn", isbn))
      .first();
    if (byIsbn !== null) return byIsbn;
  }
  const byKey = await ctx.db
    .query("books")
    .withIndex("by_user_dedup_key", (q) => q.eq("userId", userId).eq("dedupKey", dedupKey))
    .first();
  if (byKey !== null) return byKey;
  if (goodreadsId !== undefined) {
    return await ctx.db
      .query("books")
      .withIndex("by_user_goodreads_id", (q) => q.eq("userId", userId).eq("goodreadsId", goodreadsId))
      .first();
  }
  return null;
}

/** Book fields an import may fill when the book lacks them. Everything else is the reader's. */
export type MergeableFields = Pick<
  Doc<"books">,
  "isbn" | "goodreadsId" | "rating" | "dateRead" | "dateAdded" | "publisher" | "pages" | "yearPublished" | "shelves"
>;

const FILLABLE = ["isbn", "goodreadsId", "rating", "dateRead", "dateAdded", "publisher", "pages", "yearPublished"] as const;

/**
 * What merging `row` into `book` changes: each fillable field the book lacks and the row has, and
 * the union of shelves (the book's unchanged, then new ones while under MAX_SHELVES). Never title, author, status,
 * covers, or a field the book already has. An empty object means the merge changes nothing.
 */
export function mergePatch(book: Doc<"books">, row: ValidImportRow): Partial<MergeableFields> {
  const patch: Partial<MergeableFields> = {};
  for (const field of FILLABLE) {
    const current = book[field];
    const incoming = row[field];
    if ((current === undefined || current === "") && incoming !== undefined) {
      // Each FILLABLE field has the same type on the row and on the book.
      (patch as Record<string, unknown>)[field] = incoming;
    }
  }
  if (row.shelves !== undefined) {
    // The book's shelves stay exactly as they are; new ones (case-insensitive) are appended.
    const existing = book.shelves ?? [];
    const seen = new Set(existing.map((s) => s.toLowerCase()));
    const added: string[] = [];
    for (const shelf of row.shelves) {
      if (existing.length + added.length >= MAX_SHELVES) break;
      const key = shelf.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      added.push(shelf);
    }
    if (added.length > 0) patch.shelves = [...existing, ...added];
  }
  return patch;
}

export const FIND_EXISTING_MAX_KEYS = 500;

/**
 * Which of these ISBNs and dedup keys are already in the caller's library: one index range per
 * distinct key (≤ 1,000 ranges, ≤ 1,000 documents read for 500 + 500 keys).
 */
export async function findExistingKeys(
  ctx: QueryCtx,
  userId: Id<"users">,
  keys: { isbns: string[]; dedupKeys: string[] },
): Promise<{ isbns: string[]; dedupKeys: string[] }> {
  const isbns: string[] = [];
  for (const isbn of new Set(keys.isbns)) {
    if (isbn === "") continue;
    const hit = await ctx.db
      .query("books")
      .withIndex("by_user_isbn", (q) => q.eq("userId", userId).eq("isbn", isbn))
      .first();
    if (hit !== null) isbns.push(isbn);
  }
  const dedupKeys: string[] = [];
  for (const dedupKey of new Set(keys.dedupKeys)) {
    if (dedupKey === "") continue;
    const hit = await ctx.db
      .query("books")
      .withIndex("by_user_dedup_key", (q) => q.eq("userId", userId).eq("dedupKey", dedupKey))
      .first();
    if (hit !== null) dedupKeys.push(dedupKey);
  }
  return { isbns, dedupKeys };
}
