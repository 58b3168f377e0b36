/**
 * Open Library client for covers: the Books API (many ISBNs per request) and the
 * search API (title + author). Covers are returned only in cover-id form
 * (`https://covers.openlibrary.org/b/id/<id>-L.jpg`).
 */
import { parseIsbn } from "../../../books/isbn";
import { splitAuthorNames } from "../../match";
import { pickBestMatch } from "../../selectMatch";
import { isRecord, requestJson, toSourceError, worseError, type SourceDeps } from "../../source";
import { searchTitleText } from "../../titleText";
import type { SourceError, SourceOutcome } from "../../types";
import {
  openLibraryCoverIdOf,
  openLibraryCoverKey,
  openLibraryCoverUrlById,
  parseOpenLibraryCoverId,
  toOpenLibraryCoverIdUrl,
} from "./coverUrls";

export type { SourceDeps } from "../../source";

/** The URL's Open Library key, or the URL itself (`url:<url>`), is among `rejected`. */
function rejectedHere(url: string, rejected: readonly string[] | undefined): boolean {
  if (!rejected?.length) return false;
  const key = openLibraryCoverKey(openLibraryCoverIdOf(url));
  return (key !== null && rejected.includes(key)) || rejected.includes(`url:${url}`);
}

export const OPEN_LIBRARY_BOOKS_API = "https://openlibrary.org/api/books";
export const OPEN_LIBRARY_SEARCH_API = "https://openlibrary.org/search.json";
/** ISBNs per Books API request. */
export const OPEN_LIBRARY_ISBN_BATCH_SIZE = 50;
export const OPEN_LIBRARY_SEARCH_FIELDS = "key,title,subtitle,author_name,cover_i,edition_count";
export const OPEN_LIBRARY_SEARCH_LIMIT = 10;

/* -------------------------------------------------------------- Books API */

export interface OpenLibraryIsbnLookup {
  /**
   * One entry per input ISBN whose request succeeded: the large cover-id URL, or
   * null when Open Library has no such edition or no cover for it (invalid ISBNs
   * are null without a request). ISBNs of a failed request are absent.
   */
  covers: Map<string, string | null>;
  /** Set when a request failed. A `rate_limited` answer stops the remaining requests. */
  error?: SourceError;
  /** Inputs the Books API has an edition record for (with or without a cover). */
  known?: Set<string>;
}

/** The cover-id URL in one Books API (`jscmd=data`) record, or null. */
export function coverFromBooksApiRecord(record: unknown): string | null {
  if (!isRecord(record) || !isRecord(record.cover)) return null;
  const { large, medium, small } = record.cover;
  for (const url of [large, medium, small]) {
    const idUrl = toOpenLibraryCoverIdUrl(url);
    if (idUrl) return idUrl;
  }
  return null;
}

/**
 * Resolves many ISBNs with the Books API
 * (`/api/books?bibkeys=ISBN:a,ISBN:b&format=json&jscmd=data`), up to
 * `OPEN_LIBRARY_ISBN_BATCH_SIZE` per request. Keys of the map are the input strings.
 * Open Library matches an ISBN-13 bibkey against both ISBN-10 and ISBN-13 editions.
 */
export async function lookupOpenLibraryCoversByIsbn(
  isbns: readonly string[],
  deps: SourceDeps = {},
): Promise<OpenLibraryIsbnLookup> {
  const covers = new Map<string, string | null>();
  // normalised ISBN-13 -> the inputs that denote it
  const inputsByIsbn = new Map<string, string[]>();
  for (const input of isbns) {
    const parsed = parseIsbn(input);
    if (!parsed.ok) {
      covers.set(input, null);
      continue;
    }
    const list = inputsByIsbn.get(parsed.isbn13) ?? [];
    list.push(input);
    inputsByIsbn.set(parsed.isbn13, list);
  }

  const unique = [...inputsByIsbn.keys()];
  const known = new Set<string>();
  let error: SourceError | undefined;
  for (let i = 0; i < unique.length; i += OPEN_LIBRARY_ISBN_BATCH_SIZE) {
    const chunk = unique.slice(i, i + OPEN_LIBRARY_ISBN_BATCH_SIZE);
    const params = new URLSearchParams({
      bibkeys: chunk.map((isbn) => `ISBN:${isbn}`).join(","),
      format: "json",
      jscmd: "data",
    });
    const r = await requestJson(`${OPEN_LIBRARY_BOOKS_API}?${params}`, deps);
    if (!r.ok) {
      error = worseError(error, toSourceError(r));
      if (error.reason === "rate_limited") break;
      continue;
    }
    if (!isRecord(r.data)) {
      error = worseError(error, { reason: "upstream_error" });
      continue;
    }
    const data = r.data;
    for (const isbn of chunk) {
      const url = coverFromBooksApiRecord(data[`ISBN:${isbn}`]);
      for (const input of inputsByIsbn.get(isbn) ?? []) {
        covers.set(input, url);
        if (isRecord(data[`ISBN:${isbn}`])) known.add(input);
      }
    }
  }
  return error ? { covers, error, known } : { covers, known };
}

/* ------------------------------------------------------------- search API */

/**
 * The title sent to a search: cleaned, series marker, leading series name and subtitle removed
 * (matching still sees the full title). "Mistborn: The Final Empire (Mistborn, #1)" -> "The Final Empire".
 */
export function searchTitle(title: string): string {
  return searchTitleText(title);
}

/** The author sent to a search: the first person the field names, "First Last" order. */
export function searchAuthor(author: string): string {
  return (splitAuthorNames(author)[0] ?? author).replace(/\s+/g, " ").trim();
}

/** One search.json doc as the cover lookup reads it. */
export interface OpenLibraryDoc {
  /** The work key, "/works/OL…W" (absent in odd docs). */
  key?: string;
  title: string;
  subtitle?: string;
  authors: string[];
  /** `cover_i`, or null when the doc has none. */
  coverId: number | null;
}

/** The docs of a search.json answer, or null when the answer is not one. */
export function readSearchDocs(data: unknown): OpenLibraryDoc[] | null {
  if (!isRecord(data) || !Array.isArray(data.docs)) return null;
  const docs: OpenLibraryDoc[] = [];
  for (const doc of data.docs) {
    if (!isRecord(doc) || typeof doc.title !== "string") continue;
    docs.push({
      key: typeof doc.key === "string" ? doc.key : undefined,
      title: doc.title,
      subtitle: typeof doc.subtitle === "string" ? doc.subtitle : undefined,
      authors: Array.isArray(doc.author_name) ? doc.author_name.filter((a): a is string => typeof a === "string") : [],
      coverId: parseOpenLibraryCoverId(doc.cover_i),
    });
  }
  return docs;
}

/** Title + author search (`/search.json?title=…&author=…`): the answer's docs, or the failure. */
export async function queryOpenLibrarySearch(
  book: { title: string; author: string },
  deps: SourceDeps = {},
): Promise<OpenLibraryDoc[] | Extract<SourceOutcome, { status: "error" }>> {
  const params = new URLSearchParams({
    title: searchTitle(book.title),
    author: searchAuthor(book.author),
    fields: OPEN_LIBRARY_SEARCH_FIELDS,
    limit: String(OPEN_LIBRARY_SEARCH_LIMIT),
  });
  const r = await requestJson(`${OPEN_LIBRARY_SEARCH_API}?${params}`, deps);
  if (!r.ok) return { status: "error", ...toSourceError(r) };
  return readSearchDocs(r.data) ?? { status: "error", reason: "upstream_error" };
}

/** The index of the doc that is the book and has a cover not in `rejected`, or -1 (see selectMatch.ts). */
export function pickSearchDoc(
  book: { title: string; author: string; rejected?: readonly string[] },
  docs: readonly OpenLibraryDoc[],
): number {
  const rejected = book.rejected ?? [];
  const usable = (i: number) => {
    const key = openLibraryCoverKey(docs[i].coverId);
    return key !== null && !rejected.includes(key);
  };
  return pickBestMatch(book, docs, usable)?.index ?? -1;
}

/**
 * Title + author search. Accepts the best matching doc (exact title before subtitle-less, then
 * result order) that has a `cover_i` not in `book.rejected`; docs by other authors or with other
 * titles are ignored.
 */
export async function searchOpenLibraryCover(
  book: { title: string; author: string; rejected?: readonly string[] },
  deps: SourceDeps = {},
): Promise<SourceOutcome> {
  const docs = await queryOpenLibrarySearch(book, deps);
  if (!Array.isArray(docs)) return docs;
  const i = pickSearchDoc(book, docs);
  return i === -1 ? { status: "not_found" } : { status: "found", url: openLibraryCoverUrlById(docs[i].coverId!) };
}

/**
 * One ISBN through the Books API (a single bibkey). A cover in `rejected` counts as no cover, so the
 * lookup goes on to the title search.
 */
export async function lookupOpenLibraryCoverByIsbn(
  isbn: string,
  deps: SourceDeps = {},
  rejected?: readonly string[],
): Promise<SourceOutcome> {
  const { covers, error } = await lookupOpenLibraryCoversByIsbn([isbn], deps);
  if (error) return { status: "error", ...error };
  const url = covers.get(isbn);
  return url && !rejectedHere(url, rejected) ? { status: "found", url } : { status: "not_found" };
}
