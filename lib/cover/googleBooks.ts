/**
 * Google Books client for covers (`/books/v1/volumes`). Used only when an API key
 * is configured. Image links are normalised to allowed https URLs.
 */
import { isbn13To10, parseIsbn } from "../books/isbn";
import { pickGoogleImageLink } from "./coverUrl";
import { matchScore } from "./match";
import { searchAuthor, searchTitle } from "./openLibrary";
import { isRecord, requestJson, toSourceError, type SourceDeps } from "./source";
import type { SourceOutcome } from "./types";

export const GOOGLE_BOOKS_VOLUMES_API = "https://www.googleapis.com/books/v1/volumes";
export const GOOGLE_BOOKS_MAX_RESULTS = 10;

export interface GoogleBooksDeps extends SourceDeps {
  apiKey: string;
}

interface Volume {
  title?: string;
  subtitle?: string;
  authors: string[];
  isbns: string[];
  image: string | null;
}

function readVolumes(data: unknown): Volume[] | null {
  if (!isRecord(data)) return null;
  // A search without hits has `totalItems: 0` and no `items`.
  if (data.items === undefined) return [];
  if (!Array.isArray(data.items)) return null;
  const volumes: Volume[] = [];
  for (const item of data.items) {
    if (!isRecord(item) || !isRecord(item.volumeInfo)) continue;
    const info = item.volumeInfo;
    const ids = Array.isArray(info.industryIdentifiers) ? info.industryIdentifiers : [];
    volumes.push({
      title: typeof info.title === "string" ? info.title : undefined,
      subtitle: typeof info.subtitle === "string" ? info.subtitle : undefined,
      authors: Array.isArray(info.authors) ? info.authors.filter((a): a is string => typeof a === "string") : [],
      isbns: ids.flatMap((id) =>
        isRecord(id) && typeof id.identifier === "string" ? [id.identifier.replace(/[\s-]/g, "").toUpperCase()] : [],
      ),
      image: pickGoogleImageLink(info.imageLinks),
    });
  }
  return volumes;
}

async function queryVolumes(q: string, deps: GoogleBooksDeps): Promise<Volume[] | SourceOutcome> {
  const params = new URLSearchParams({
    q,
    maxResults: String(GOOGLE_BOOKS_MAX_RESULTS),
    printType: "books",
    key: deps.apiKey,
  });
  const r = await requestJson(`${GOOGLE_BOOKS_VOLUMES_API}?${params}`, deps);
  if (!r.ok) return { status: "error", ...toSourceError(r) };
  const volumes = readVolumes(r.data);
  return volumes ?? { status: "error", reason: "upstream_error" };
}

/**
 * `q=isbn:<isbn>`. A volume counts when it lists the ISBN (as ISBN-13 or -10) or,
 * when it lists none, its title and author match the book (if the book has them).
 */
export async function lookupGoogleCoverByIsbn(
  isbn: string,
  deps: GoogleBooksDeps,
  book?: { title?: string; author?: string },
): Promise<SourceOutcome> {
  const parsed = parseIsbn(isbn);
  if (!parsed.ok) return { status: "not_found" };
  const isbn13 = parsed.isbn13;
  const isbn10 = isbn13To10(isbn13);
  const result = await queryVolumes(`isbn:${isbn13}`, deps);
  if (!Array.isArray(result)) return result;
  for (const v of result) {
    if (!v.image) continue;
    const listsIsbn = v.isbns.includes(isbn13) || (isbn10 !== null && v.isbns.includes(isbn10));
    const matchesBook =
      v.isbns.length === 0 &&
      !!book?.title &&
      !!book.author &&
      v.title !== undefined &&
      matchScore({ title: book.title, author: book.author }, { title: v.title, subtitle: v.subtitle, authors: v.authors }) > 0;
    if (listsIsbn || matchesBook) return { status: "found", url: v.image };
  }
  return { status: "not_found" };
}

function quoted(s: string): string {
  return `"${s.replace(/"/g, " ").replace(/\s+/g, " ").trim()}"`;
}

/**
 * `q=intitle:"…" inauthor:"…"`. Accepts the best volume (exact title first, then
 * result order) whose title and an author match the book and that has an image.
 */
export async function searchGoogleCover(book: { title: string; author: string }, deps: GoogleBooksDeps): Promise<SourceOutcome> {
  const q = `intitle:${quoted(searchTitle(book.title))} inauthor:${quoted(searchAuthor(book.author))}`;
  const result = await queryVolumes(q, deps);
  if (!Array.isArray(result)) return result;
  let best: { score: number; url: string } | undefined;
  for (const v of result) {
    if (!v.image || v.title === undefined) continue;
    const score = matchScore(book, { title: v.title, subtitle: v.subtitle, authors: v.authors });
    if (score > (best?.score ?? 0)) best = { score, url: v.image };
    if (score === 1) break;
  }
  return best ? { status: "found", url: best.url } : { status: "not_found" };
}
