/**
 * Cover candidates for "Choose a cover" (`books.coverCandidates`): up to 12 pictures that are the
 * reader's book, with where each comes from, rejected ones left out.
 *
 * Requests (each paced by the source's limiter, like every other lookup request):
 * - Open Library, at most 3: the title + author search (or, without both, `/isbn/<isbn>.json`), then
 *   the matching work's `/works/<id>.json` and `/works/<id>/editions.json`.
 * - Google Books, at most 1 and only with an API key: `isbn:<isbn>`, else the title + author query.
 *
 * Order: the cover the lookup itself would pick first, then the work's covers, its editions' covers,
 * the other matching search results, then Google's. Labels name the source and the edition's year,
 * never a title or author.
 */
import { isbn13To10, normalizeIsbn } from "../books/isbn";
import { normalizeAuthor, normalizeTitle } from "../books/text";
import { googleVolumeKey, openLibraryCoverKey } from "./coverKeys";
import { isAllowedCoverUrl, openLibraryCoverUrlById } from "./coverUrl";
import { googleSearchQuery, queryGoogleVolumes, rankGoogleMatches, type GoogleVolume } from "./googleBooks";
import { queryOpenLibrarySearch } from "./openLibrary";
import {
  fetchEditionByIsbn,
  fetchEditionCovers,
  fetchWorkCovers,
  openLibraryWorkId,
  type EditionCovers,
} from "./openLibraryWorks";
import { defaultGoogleBooksLimiter, defaultOpenLibraryLimiter, type SearchCoverDeps } from "./searchCover";
import { rankMatches } from "./selectMatch";
import { worseError, type SourceDeps } from "./source";
import type { CoverQuery, CoverSource, SourceError } from "./types";

export const MAX_COVER_CANDIDATES = 12;

/** One picture the reader may choose (the `books.coverCandidates` contract). */
export interface CoverCandidate {
  /** An allowlisted https cover URL (Open Library cover-id form, or a Google image link). */
  url: string;
  source: CoverSource;
  /** Its source key (`ol:<cover id>`, `gb:<volume id>`), as stored in `rejectedCovers`. */
  key: string;
  /** Where it comes from, e.g. "Open Library · 1995 edition". No book data. */
  label?: string;
}

export interface CoverCandidatesResult {
  candidates: CoverCandidate[];
  /** The worst request failure, when a request failed (the list may then be shorter than it could be). */
  error?: SourceError;
}

/** The same knobs as `searchCover` (an API key turns Google on). */
export type CoverCandidatesDeps = Omit<SearchCoverDeps, "openLibraryIsbnChecked">;

/** Collects candidates: deduplicated by key, rejected keys and non-allowlisted URLs left out, capped. */
class CandidateList {
  readonly items: CoverCandidate[] = [];
  private readonly seen: Set<string>;

  constructor(rejected: readonly string[]) {
    this.seen = new Set(rejected);
  }

  get full(): boolean {
    return this.items.length >= MAX_COVER_CANDIDATES;
  }

  add(candidate: CoverCandidate): void {
    if (this.full || this.seen.has(candidate.key) || !isAllowedCoverUrl(candidate.url)) return;
    this.seen.add(candidate.key);
    this.items.push(candidate);
  }

  addOpenLibrary(coverId: number, label: string): void {
    const key = openLibraryCoverKey(coverId);
    if (key) this.add({ url: openLibraryCoverUrlById(coverId), source: "open-library", key, label });
  }
}

function editionLabel(edition: EditionCovers): string {
  const what = edition.year ? `${edition.year} edition` : "edition";
  return `Open Library · ${what}${edition.physicalFormat ? ` (${edition.physicalFormat})` : ""}`;
}

interface OpenLibraryFindings {
  /** Cover ids of matching search results, best first. */
  searchCovers: number[];
  workId: string | null;
  /** The ISBN's edition, when it was looked up. */
  edition: EditionCovers | null;
  error?: SourceError;
}

/** Step 1: the search (or the ISBN's edition), for covers and the work. */
async function findOpenLibraryWork(
  book: { title: string; author: string; isbn: string | null },
  canSearch: boolean,
  deps: SourceDeps,
): Promise<OpenLibraryFindings> {
  if (canSearch) {
    const docs = await queryOpenLibrarySearch(book, deps);
    if (!Array.isArray(docs)) return { searchCovers: [], workId: null, edition: null, error: docs };
    const ranked = rankMatches(book, docs).map((m) => docs[m.index]);
    return {
      searchCovers: ranked.flatMap((d) => (d.coverId === null ? [] : [d.coverId])),
      workId: ranked.map((d) => openLibraryWorkId(d.key)).find((id) => id !== null) ?? null,
      edition: null,
    };
  }
  if (!book.isbn) return { searchCovers: [], workId: null, edition: null };
  const r = await fetchEditionByIsbn(book.isbn, deps);
  if (!r.ok) return { searchCovers: [], workId: null, edition: null, error: r.error };
  return { searchCovers: [], workId: r.value?.workId ?? null, edition: r.value };
}

async function gatherOpenLibrary(
  book: { title: string; author: string; isbn: string | null },
  canSearch: boolean,
  list: CandidateList,
  deps: SourceDeps,
): Promise<SourceError | undefined> {
  const found = await findOpenLibraryWork(book, canSearch, deps);
  let error = found.error;
  const [best, ...others] = found.searchCovers;
  if (best !== undefined) list.addOpenLibrary(best, "Open Library · search result");
  if (found.edition) for (const id of found.edition.coverIds) list.addOpenLibrary(id, editionLabel(found.edition));

  if (found.workId && error?.reason !== "rate_limited") {
    const work = await fetchWorkCovers(found.workId, deps);
    if (work.ok) for (const id of work.value) list.addOpenLibrary(id, "Open Library · work");
    else error = worseError(error, work.error);
  }
  if (found.workId && error?.reason !== "rate_limited" && !list.full) {
    const editions = await fetchEditionCovers(found.workId, deps);
    if (editions.ok) for (const ed of editions.value) for (const id of ed.coverIds) list.addOpenLibrary(id, editionLabel(ed));
    else error = worseError(error, editions.error);
  }
  for (const id of others) list.addOpenLibrary(id, "Open Library · search result");
  return error;
}

function googleLabel(v: GoogleVolume): string {
  const year = v.publishedDate ? /^(\d{4})/.exec(v.publishedDate)?.[1] : undefined;
  return year ? `Google Books · ${year}` : "Google Books";
}

/** Google's matching volumes: listing the ISBN (or, listing none, matching title and author), or matching the search. */
function matchingVolumes(book: { title: string; author: string; isbn: string | null }, volumes: GoogleVolume[]): GoogleVolume[] {
  const ranked = book.title && book.author ? rankGoogleMatches(book, volumes).map((m) => volumes[m.index]) : [];
  if (!book.isbn) return ranked;
  const isbn10 = isbn13To10(book.isbn);
  const listing = volumes.filter((v) => v.isbns.includes(book.isbn!) || (isbn10 !== null && v.isbns.includes(isbn10)));
  return [...listing, ...ranked.filter((v) => v.isbns.length === 0)];
}

async function gatherGoogle(
  book: { title: string; author: string; isbn: string | null },
  canSearch: boolean,
  list: CandidateList,
  deps: SourceDeps & { apiKey: string },
): Promise<SourceError | undefined> {
  const q = book.isbn ? `isbn:${book.isbn}` : canSearch ? googleSearchQuery(book) : null;
  if (!q) return undefined;
  const volumes = await queryGoogleVolumes(q, deps);
  if (!Array.isArray(volumes)) return volumes;
  for (const v of matchingVolumes(book, volumes)) {
    const key = googleVolumeKey(v.id);
    if (v.image && key) list.add({ url: v.image, source: "google-books", key, label: googleLabel(v) });
  }
  return undefined;
}

/**
 * Up to `MAX_COVER_CANDIDATES` covers for the book, rejected keys (`book.rejected`) left out. A book
 * with neither a valid ISBN nor both title and author gets none, without a request. Never throws; a
 * failed request shortens the list and is reported in `error`.
 */
export async function gatherCoverCandidates(book: CoverQuery, deps: CoverCandidatesDeps = {}): Promise<CoverCandidatesResult> {
  const isbn = normalizeIsbn(book.isbn) ?? null;
  const title = book.title?.trim() ?? "";
  const author = book.author?.trim() ?? "";
  const canSearch = normalizeTitle(title) !== "" && normalizeAuthor(author) !== "";
  const list = new CandidateList(book.rejected ?? []);
  if (!isbn && !canSearch) return { candidates: [] };

  const common = { contact: deps.contact, timeoutMs: deps.timeoutMs, signal: deps.signal, fetchJson: deps.fetchJson };
  const query = { title, author, isbn };
  let error = await gatherOpenLibrary(query, canSearch, list, {
    ...common,
    limiter: deps.openLibraryLimiter ?? defaultOpenLibraryLimiter(),
  });
  const apiKey = deps.googleApiKey?.trim();
  if (apiKey && !list.full && !deps.signal?.aborted) {
    const googleError = await gatherGoogle(query, canSearch, list, {
      ...common,
      apiKey,
      limiter: deps.googleBooksLimiter ?? defaultGoogleBooksLimiter(),
    });
    if (googleError) error = worseError(error, googleError);
  }
  return error ? { candidates: list.items, error } : { candidates: list.items };
}
