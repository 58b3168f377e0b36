/**
 * Duplicate detection and merging for imports. Every lookup is an index range that starts with the
 * caller's `userId`, so another reader's books are never found, merged into or modified.
 *
 * Same book (invariant 10, rule in lib/import/sameBook.ts): same ISBN-13, else same Goodreads id,
 * else same duplicate key (whole title + first author), the last two only when the ISBNs do not
 * conflict. A merge fills only fields the book lacks and never replaces an ISBN.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { READER_FIELD_NAMES } from "../../lib/books/readerFields";
import { isRejectedCover, withRejectedKey } from "../../lib/cover/coverKeys";
import { lacksCover } from "./bookWrites";
import { firstCompatible, SAME_BOOK_CANDIDATES, type DuplicateReason } from "../../lib/import/sameBook";
import { MAX_SHELVES, type ValidImportRow } from "./importRowValidator";

type Ctx = QueryCtx | MutationCtx;

function booksWithIsbn(ctx: Ctx, userId: Id<"users">, isbn: string) {
  return ctx.db.query("books").withIndex("by_user_isbn", (q) => q.eq("userId", userId).eq("isbn", isbn));
}

function booksWithGoodreadsId(ctx: Ctx, userId: Id<"users">, goodreadsId: string) {
  return ctx.db.query("books").withIndex("by_user_goodreads_id", (q) => q.eq("userId", userId).eq("goodreadsId", goodreadsId));
}

function booksWithDedupKey(ctx: Ctx, userId: Id<"users">, dedupKey: string) {
  return ctx.db.query("books").withIndex("by_user_dedup_key", (q) => q.eq("userId", userId).eq("dedupKey", dedupKey));
}

/**
 * The caller's book this row is, and why; or null for a new book. At most three index ranges and
 * at most 1 + 2 × SAME_BOOK_CANDIDATES documents read (a hit stops the lookups; with several
 * candidates the oldest compatible one wins, index order).
 */
export async function findDuplicateBook(
  ctx: Ctx,
  userId: Id<"users">,
  row: Pick<ValidImportRow, "isbn" | "dedupKey" | "goodreadsId">,
): Promise<{ book: Doc<"books">; reason: DuplicateReason } | null> {
  const { isbn, dedupKey, goodreadsId } = row;
  if (isbn !== undefined) {
    const byIsbn = await booksWithIsbn(ctx, userId, isbn).first();
    if (byIsbn !== null) return { book: byIsbn, reason: "same-isbn" };
  }
  if (goodreadsId !== undefined) {
    const candidates = await booksWithGoodreadsId(ctx, userId, goodreadsId).take(SAME_BOOK_CANDIDATES);
    const book = firstCompatible(isbn, candidates);
    if (book !== null) return { book, reason: "same-goodreads-id" };
  }
  const candidates = await booksWithDedupKey(ctx, userId, dedupKey).take(SAME_BOOK_CANDIDATES);
  const book = firstCompatible(isbn, candidates);
  return book === null ? null : { book, reason: "same-title-author" };
}

/** Book fields an import may fill when the book lacks them. Everything else is the reader's. */
export type MergeableFields = Pick<
  Doc<"books">,
  | "isbn"
  | "goodreadsId"
  | "rating"
  | "dateRead"
  | "dateAdded"
  | "publisher"
  | "pages"
  | "yearPublished"
  | "shelves"
  | ReaderFieldName
>;

type ReaderFieldName = (typeof READER_FIELD_NAMES)[number];

/** Fields a merge fills when the book lacks them: the metadata, and everything the reader wrote (review, notes, reads…). */
const FILLABLE = [
  "isbn",
  "goodreadsId",
  "rating",
  "dateRead",
  "dateAdded",
  "publisher",
  "pages",
  "yearPublished",
  ...READER_FIELD_NAMES,
] as const;

/**
 * What merging `row` into `book` changes: each fillable field the book lacks and the row has, and
 * the union of shelves (the book's unchanged, then new ones while under MAX_SHELVES). Never title,
 * author, status, covers, or a field the book already has, so never an ISBN the book has. An empty
 * object means the merge changes nothing.
 */
export function mergePatch(book: Doc<"books">, row: ValidImportRow): Partial<MergeableFields> {
  const patch: Partial<MergeableFields> = {};
  for (const field of FILLABLE) {
    const current = book[field];
    const incoming = row[field];
    const empty = current === undefined || current === "" || (Array.isArray(current) && current.length === 0);
    if (empty && incoming !== undefined) {
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

/** The cover fields an import may set on a book it merges into. */
export type MergedCoverFields = Partial<Pick<Doc<"books">, "coverUrl" | "apiCoverUrl" | "apiSource" | "rejectedCovers">>;

/**
 * What a row's restored cover provenance (Folio's JSON export) changes on the book it merges into:
 * its rejections are added to the book's (bounded as always); its own or found cover is written only
 * when the book has neither cover (invariant 1: never overwriting) and the cover is not among the
 * book's rejections after the merge (invariant 8).
 */
export function coverMergePatch(book: Doc<"books">, row: ValidImportRow): MergedCoverFields {
  const patch: MergedCoverFields = {};
  let rejected = book.rejectedCovers ?? [];
  for (const key of row.rejectedCovers ?? []) {
    if (rejected.includes(key)) continue;
    rejected = withRejectedKey(rejected, key);
    patch.rejectedCovers = rejected;
  }
  if (!lacksCover(book)) return patch;
  if (row.coverUrl !== undefined && !isRejectedCover(row.coverUrl, rejected)) patch.coverUrl = row.coverUrl;
  if (row.apiCoverUrl !== undefined && row.apiSource !== undefined && !isRejectedCover(row.apiCoverUrl, rejected)) {
    patch.apiCoverUrl = row.apiCoverUrl;
    patch.apiSource = row.apiSource;
  }
  return patch;
}

export const FIND_EXISTING_MAX_KEYS = 500;

/** What the preview learns of one of the caller's books: only its keys, never its title or author. */
export interface ExistingBookKeys {
  id: Id<"books">;
  isbn?: string;
  goodreadsId?: string;
  dedupKey: string;
  /** `_creationTime`: the order the commit's lookups meet books in. */
  createdAt: number;
}

function keysOf(book: Doc<"books">): ExistingBookKeys {
  return {
    id: book._id,
    dedupKey: book.dedupKey,
    createdAt: book._creationTime,
    ...(book.isbn !== undefined ? { isbn: book.isbn } : {}),
    ...(book.goodreadsId !== undefined ? { goodreadsId: book.goodreadsId } : {}),
  };
}

/**
 * Which of these ISBNs, Goodreads ids and dedup keys are in the caller's library, and the keys of
 * the books the commit would consider for them (the first book per ISBN, up to
 * SAME_BOOK_CANDIDATES per Goodreads id and per key), so the preview can apply the same rule.
 * One index range per distinct key: ≤ 1,500 ranges and ≤ 500 + 2 × 500 × SAME_BOOK_CANDIDATES
 * documents for 500 of each.
 */
export async function findExistingKeys(
  ctx: QueryCtx,
  userId: Id<"users">,
  keys: { isbns: string[]; dedupKeys: string[]; goodreadsIds?: string[] },
): Promise<{ isbns: string[]; dedupKeys: string[]; books: ExistingBookKeys[] }> {
  const books = new Map<Id<"books">, ExistingBookKeys>();
  const remember = (book: Doc<"books">) => {
    if (!books.has(book._id)) books.set(book._id, keysOf(book));
  };
  const isbns: string[] = [];
  for (const isbn of new Set(keys.isbns)) {
    if (isbn === "") continue;
    const hit = await booksWithIsbn(ctx, userId, isbn).first();
    if (hit === null) continue;
    isbns.push(isbn);
    remember(hit);
  }
  for (const goodreadsId of new Set(keys.goodreadsIds ?? [])) {
    if (goodreadsId === "") continue;
    for (const book of await booksWithGoodreadsId(ctx, userId, goodreadsId).take(SAME_BOOK_CANDIDATES)) remember(book);
  }
  const dedupKeys: string[] = [];
  for (const dedupKey of new Set(keys.dedupKeys)) {
    if (dedupKey === "") continue;
    const hits = await booksWithDedupKey(ctx, userId, dedupKey).take(SAME_BOOK_CANDIDATES);
    if (hits.length === 0) continue;
    dedupKeys.push(dedupKey);
    for (const book of hits) remember(book);
  }
  return { isbns, dedupKeys, books: [...books.values()] };
}
