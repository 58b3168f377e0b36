/**
 * The library wall's pages: `books.list`. Every page is one index range (or one search) and reads
 * only the page's documents, whatever the library's size, and returns what a tile needs, not the
 * book documents.
 *
 * - No search text: the books index for the order (and status), e.g. `by_user_status_title`.
 * - A shelf: the `shelfEntries` index for the order, then the page's books by id.
 * - Search text: the `search_title_author` search index (relevance order; the sort does not
 *   apply), filtered by status inside the index; a shelf is then checked on the page's books, so
 *   such a page may hold fewer items than asked for (the client loads on).
 * - Without a cover ("No cover yet"), and no search or shelf: the `by_user_missing_cover` index
 *   (books due for another look first; the sort does not apply), the status checked on the page.
 *   With a search or a shelf, the cover is checked on the page's books like a shelf.
 */
import { coverDisplayFor } from "./storedCoverBooks";
import type { PaginationOptions, PaginationResult } from "convex/server";
import { ConvexError, v, type Infer } from "convex/values";
import { shelfKeyFor } from "../../lib/books/listingKeys";
import { missingCoverState, type MissingCoverState } from "../../lib/books/missingCover";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import type { BookStatus } from "./books";

/** Largest page `books.list` returns; bigger requests get this many and a cursor. */
export const LIST_PAGE_MAX = 100;
export const SEARCH_MAX_LENGTH = 100;
/** Convex search uses at most this many terms; later words are dropped. */
export const SEARCH_MAX_TERMS = 16;
const SHELF_ARG_MAX_LENGTH = 200;

export const librarySort = v.union(v.literal("added"), v.literal("title"), v.literal("author"), v.literal("rating"));
export type LibrarySort = Infer<typeof librarySort>;

/** One tile of the wall. */
export interface BookTile {
  _id: Id<"books">;
  title: string;
  author: string;
  status: BookStatus;
  rating?: number;
  /** The cover to show is the reader's own: this one. */
  coverUrl?: string;
  /**
   * The cover to show is a found one (the book has no own cover): this one. Kept apart from
   * `coverUrl` so the wall can report it when it fails to load (`books.reportBrokenCover`).
   */
  apiCoverUrl?: string;
  /**
   * No cover yet and a lookup for the book is under way or still to come: it is queued by a running
   * import backfill, or the reader asked for another cover ("Not this cover"). Never set otherwise,
   * so a tile never says "Finding cover…" for a lookup nobody will make.
   */
  coverPending?: true;
  /**
   * The image to show (storedCoverBooks.ts `coverDisplayFor`): the upload or the stored copy of
   * the source cover, both on Folio's own hosts, or a link-only source's own link (Google Books).
   */
  coverImageUrl?: string;
  /** The book has a cover whose stored copy is still being fetched: the tile says it is on its way. */
  coverOnItsWay?: true;
  /** No cover and no lookup under way: why (from the book's cover-attempt bookkeeping). */
  missingCover?: MissingCoverState;
}

export interface ListArgs {
  paginationOpts: PaginationOptions;
  status?: BookStatus;
  /** A shelf key (`libraryShelves.key`). */
  shelf?: string;
  search?: string;
  sort?: LibrarySort;
  /** Only books with neither the reader's own nor a found cover. */
  withoutCover?: boolean;
}

function invalid(message: string): ConvexError<{ code: "invalid_argument"; message: string }> {
  return new ConvexError({ code: "invalid_argument", message });
}

export function toTile(book: Doc<"books">, lookupQueued = false): BookTile {
  const cover = book.coverUrl || book.apiCoverUrl;
  const pending = !cover && (lookupQueued || book.coverLookupStartedAt !== undefined);
  const shown = book.coverUrl ? { coverUrl: book.coverUrl } : book.apiCoverUrl ? { apiCoverUrl: book.apiCoverUrl } : {};
  return {
    _id: book._id,
    title: book.title,
    author: book.author,
    status: book.status,
    ...(book.rating !== undefined ? { rating: book.rating } : {}),
    ...shown,
    ...(pending ? { coverPending: true as const } : {}),
    ...(!cover && !pending ? { missingCover: missingCoverState(book) } : {}),
  };
}

const lacksCover = (book: Doc<"books">) => !book.coverUrl && !book.apiCoverUrl;

/**
 * Tiles for these books, with `coverPending` for those without a cover that an import backfill
 * still has queued (one index lookup per coverless book; books with a cover cost nothing more).
 */
async function toTiles(ctx: QueryCtx, books: Doc<"books">[]): Promise<BookTile[]> {
  const queued = await Promise.all(
    books.map(async (book) =>
      book.coverUrl || book.apiCoverUrl
        ? false
        : (await ctx.db
            .query("coverBackfillQueue")
            .withIndex("by_book", (q) => q.eq("bookId", book._id))
            .first()) !== null,
    ),
  );
  // A book with a cover reads its stored copy's document (one index lookup per tile with a cover).
  const displays = await Promise.all(
    books.map((book) => (book.coverUrl || book.apiCoverUrl ? coverDisplayFor(ctx, book) : Promise.resolve({}))),
  );
  return books.map((book, i) => ({ ...toTile(book, queued[i]), ...displays[i] }));
}

/** Trimmed search text with at most SEARCH_MAX_TERMS terms, or undefined for no search. */
export function searchTerms(search: string | undefined): string | undefined {
  if (search === undefined) return undefined;
  if (search.length > SEARCH_MAX_LENGTH) throw invalid(`Search for at most ${SEARCH_MAX_LENGTH} characters.`);
  const terms = search.trim().split(/\s+/).filter(Boolean).slice(0, SEARCH_MAX_TERMS);
  return terms.length > 0 ? terms.join(" ") : undefined;
}

function pageOptions(opts: PaginationOptions): PaginationOptions {
  if (!Number.isFinite(opts.numItems) || opts.numItems < 1) throw invalid("Ask for at least one book per page.");
  return { ...opts, numItems: Math.min(LIST_PAGE_MAX, Math.floor(opts.numItems)) };
}

/** The reader's books in `sort` order (newest, A–Z, A–Z by surname, best rated), optionally of one status. */
function booksInOrder(ctx: QueryCtx, userId: Id<"users">, sort: LibrarySort, status: BookStatus | undefined) {
  const books = ctx.db.query("books");
  switch (sort) {
    case "added":
      return (
        status
          ? books.withIndex("by_user_status_added", (q) => q.eq("userId", userId).eq("status", status))
          : books.withIndex("by_user_added", (q) => q.eq("userId", userId))
      ).order("desc");
    case "title":
      return (
        status
          ? books.withIndex("by_user_status_title", (q) => q.eq("userId", userId).eq("status", status))
          : books.withIndex("by_user_title", (q) => q.eq("userId", userId))
      ).order("asc");
    case "author":
      return (
        status
          ? books.withIndex("by_user_status_author", (q) => q.eq("userId", userId).eq("status", status))
          : books.withIndex("by_user_author", (q) => q.eq("userId", userId))
      ).order("asc");
    case "rating":
      return (
        status
          ? books.withIndex("by_user_status_rating", (q) => q.eq("userId", userId).eq("status", status))
          : books.withIndex("by_user_rating", (q) => q.eq("userId", userId))
      ).order("desc");
  }
}

/** The entries of one shelf in `sort` order, optionally of one status. */
function shelfInOrder(ctx: QueryCtx, userId: Id<"users">, shelf: string, sort: LibrarySort, status: BookStatus | undefined) {
  const entries = ctx.db.query("shelfEntries");
  switch (sort) {
    case "added":
      return (
        status
          ? entries.withIndex("by_shelf_status_added", (q) => q.eq("userId", userId).eq("shelf", shelf).eq("status", status))
          : entries.withIndex("by_shelf_added", (q) => q.eq("userId", userId).eq("shelf", shelf))
      ).order("desc");
    case "title":
      return (
        status
          ? entries.withIndex("by_shelf_status_title", (q) => q.eq("userId", userId).eq("shelf", shelf).eq("status", status))
          : entries.withIndex("by_shelf_title", (q) => q.eq("userId", userId).eq("shelf", shelf))
      ).order("asc");
    case "author":
      return (
        status
          ? entries.withIndex("by_shelf_status_author", (q) => q.eq("userId", userId).eq("shelf", shelf).eq("status", status))
          : entries.withIndex("by_shelf_author", (q) => q.eq("userId", userId).eq("shelf", shelf))
      ).order("asc");
    case "rating":
      return (
        status
          ? entries.withIndex("by_shelf_status_rating", (q) => q.eq("userId", userId).eq("shelf", shelf).eq("status", status))
          : entries.withIndex("by_shelf_rating", (q) => q.eq("userId", userId).eq("shelf", shelf))
      ).order("desc");
  }
}

function withTiles<T>(result: PaginationResult<T>, tiles: BookTile[]): PaginationResult<BookTile> {
  return { ...result, page: tiles };
}

async function shelfPage(ctx: QueryCtx, userId: Id<"users">, shelf: string, args: ListArgs, opts: PaginationOptions) {
  const result = await shelfInOrder(ctx, userId, shelf, args.sort ?? "added", args.status).paginate(opts);
  // An entry may briefly outlive its book (the shelf sync removes it): such books are skipped.
  const books = await Promise.all(result.page.map((entry) => ctx.db.get("books", entry.bookId)));
  const owned = books.filter(
    (book): book is Doc<"books"> => book !== null && book.userId === userId && (!args.withoutCover || lacksCover(book)),
  );
  return withTiles(result, await toTiles(ctx, owned));
}

async function searchPage(ctx: QueryCtx, userId: Id<"users">, text: string, args: ListArgs, opts: PaginationOptions) {
  const result = await ctx.db
    .query("books")
    .withSearchIndex("search_title_author", (q) => {
      const inLibrary = q.search("searchText", text).eq("userId", userId);
      return args.status ? inLibrary.eq("status", args.status) : inLibrary;
    })
    .paginate(opts);
  const shelf = args.shelf;
  const onShelf = (book: Doc<"books">) => shelf === undefined || (book.shelves ?? []).some((name) => shelfKeyFor(name) === shelf);
  const keep = (book: Doc<"books">) => onShelf(book) && (!args.withoutCover || lacksCover(book));
  return withTiles(result, await toTiles(ctx, result.page.filter(keep)));
}

/** The reader's books without a cover (by when they are due for another look), optionally of one status. */
async function withoutCoverPage(ctx: QueryCtx, userId: Id<"users">, args: ListArgs, opts: PaginationOptions) {
  const result = await ctx.db
    .query("books")
    .withIndex("by_user_missing_cover", (q) => q.eq("userId", userId).eq("coverUrl", undefined).eq("apiCoverUrl", undefined))
    .paginate(opts);
  const keep = (book: Doc<"books">) => args.status === undefined || book.status === args.status;
  return withTiles(result, await toTiles(ctx, result.page.filter(keep)));
}

/** One page of the reader's library for the wall. */
export async function listLibraryPage(ctx: QueryCtx, userId: Id<"users">, args: ListArgs): Promise<PaginationResult<BookTile>> {
  const opts = pageOptions(args.paginationOpts);
  if (args.shelf !== undefined && args.shelf.length > SHELF_ARG_MAX_LENGTH) throw invalid("That shelf name is too long.");
  const text = searchTerms(args.search);
  if (text !== undefined) return await searchPage(ctx, userId, text, args, opts);
  if (args.shelf !== undefined) return await shelfPage(ctx, userId, args.shelf, args, opts);
  if (args.withoutCover) return await withoutCoverPage(ctx, userId, args, opts);
  const result = await booksInOrder(ctx, userId, args.sort ?? "added", args.status).paginate(opts);
  return withTiles(result, await toTiles(ctx, result.page));
}
