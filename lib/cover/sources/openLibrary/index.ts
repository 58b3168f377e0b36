/**
 * Open Library as a cover source (no key needed). Lookup stages, in order:
 * 1. `ol.isbn`: up to 50 ISBNs per `search.json?q=isbn:(…)` request, which answers each ISBN with its
 *    edition's cover and its work's (isbnSearch.ts);
 * 2. `ol.edition`: the Books API (`/api/books?bibkeys=…`, 50 per request) for the ISBNs the search
 *    did not know (its index can lag behind the catalogue);
 * 3. `ol.search`: title + author search, one book per request, accepting only results that are the book.
 * Covers are stored by cover id (coverUrls.ts).
 */
import { rankMatches } from "../../selectMatch";
import { isRecord } from "../../source";
import { MALFORMED_ANSWER, stageError } from "../stageErrors";
import type { CoverSourceAdapter, IsbnAnswer, IsbnStageResult, SearchStageResult, StageContext } from "../types";
import { gatherOpenLibraryCandidates } from "./candidates";
import {
  coverFromBooksApiRecord,
  OPEN_LIBRARY_BOOKS_API,
  OPEN_LIBRARY_ISBN_BATCH_SIZE,
  OPEN_LIBRARY_SEARCH_API,
  OPEN_LIBRARY_SEARCH_FIELDS,
  OPEN_LIBRARY_SEARCH_LIMIT,
  readSearchDocs,
  searchAuthor,
  searchTitle,
} from "./client";
import {
  isOpenLibraryCandidateUrl,
  OPEN_LIBRARY_COVER_HOST,
  openLibraryCoverIdOf,
  openLibraryCoverKey,
  openLibraryCoverUrlById,
} from "./coverUrls";
import { isbnSearchUrl, OPEN_LIBRARY_ISBN_SEARCH_MAX, readIsbnSearch } from "./isbnSearch";

async function isbnSearchStage(isbns: readonly string[], ctx: StageContext): Promise<IsbnStageResult> {
  const r = await ctx.get(isbnSearchUrl(isbns));
  if (!r.ok) return { ok: false, error: stageError(r) };
  const answers = readIsbnSearch(r.data, isbns);
  return answers ? { ok: true, answers } : { ok: false, error: MALFORMED_ANSWER };
}

/** "Title: Subtitle" of a Books API record, when it has a title. */
function recordTitle(record: Record<string, unknown>): string[] {
  if (typeof record.title !== "string" || !record.title.trim()) return [];
  const subtitle = typeof record.subtitle === "string" && record.subtitle.trim() ? `: ${record.subtitle.trim()}` : "";
  return [`${record.title.trim()}${subtitle}`];
}

async function booksApiStage(isbns: readonly string[], ctx: StageContext): Promise<IsbnStageResult> {
  const params = new URLSearchParams({ bibkeys: isbns.map((isbn) => `ISBN:${isbn}`).join(","), format: "json", jscmd: "data" });
  const r = await ctx.get(`${OPEN_LIBRARY_BOOKS_API}?${params}`);
  if (!r.ok) return { ok: false, error: stageError(r) };
  if (!isRecord(r.data)) return { ok: false, error: MALFORMED_ANSWER };
  const answers = new Map<string, IsbnAnswer>();
  for (const isbn of isbns) {
    const record = r.data[`ISBN:${isbn}`];
    if (!isRecord(record)) continue;
    const url = coverFromBooksApiRecord(record);
    answers.set(isbn, { covers: url ? [{ url, titles: recordTitle(record) }] : [] });
  }
  return { ok: true, answers };
}

async function titleSearchStage(book: { title: string; author: string }, ctx: StageContext): Promise<SearchStageResult> {
  const params = new URLSearchParams({
    title: searchTitle(book.title),
    author: searchAuthor(book.author),
    fields: OPEN_LIBRARY_SEARCH_FIELDS,
    limit: String(OPEN_LIBRARY_SEARCH_LIMIT),
  });
  const r = await ctx.get(`${OPEN_LIBRARY_SEARCH_API}?${params}`);
  if (!r.ok) return { ok: false, error: stageError(r) };
  const docs = readSearchDocs(r.data);
  if (!docs) return { ok: false, error: MALFORMED_ANSWER };
  const covers = rankMatches(book, docs).flatMap((m) => {
    const id = docs[m.index].coverId;
    return id === null ? [] : [openLibraryCoverUrlById(id)];
  });
  return { ok: true, covers: [...new Set(covers)] };
}

export const openLibrarySource = {
  id: "open-library",
  label: "Open Library",
  keyPrefix: "ol",
  coverHosts: [OPEN_LIBRARY_COVER_HOST],
  // Open Library allows 180 requests a minute per IP with bursts of 25, and answers more with 429
  // (no Retry-After). Folio keeps 5 of the burst in reserve, and bulk runs to 3 in any 1.1 s, which
  // leaves the rest of the minute's allowance to readers waiting on one book.
  pacing: { limit: { perMinute: 180, burst: 20 }, bulkWindow: { maxRequests: 3, windowMs: 1100 } },
  // Its covers may be kept (docs/architecture.md "Stored covers"): one copy per cover id, at -L.
  keeping: { keep: "stored-copy", size: "L" },
  // covers.openlibrary.org: 400 image requests per minute per IP, then 429 without Retry-After. Bulk
  // copies stay under 360 a minute, leaving the rest to re-checks a reader is waiting on.
  imagePacing: { limit: { perMinute: 400, burst: 10 }, bulkWindow: { maxRequests: 6, windowMs: 1000 } },
  coverKey: (url: URL) => openLibraryCoverKey(openLibraryCoverIdOf(url)),
  isCandidateUrl: isOpenLibraryCandidateUrl,
  stages: [
    { kind: "isbn", id: "ol.isbn", maxPerRequest: OPEN_LIBRARY_ISBN_SEARCH_MAX, run: isbnSearchStage },
    { kind: "isbn", id: "ol.edition", maxPerRequest: OPEN_LIBRARY_ISBN_BATCH_SIZE, onlyUnknownIsbns: true, run: booksApiStage },
    { kind: "search", id: "ol.search", run: titleSearchStage },
  ],
  gatherCandidates: gatherOpenLibraryCandidates,
} as const satisfies CoverSourceAdapter<"open-library">;
