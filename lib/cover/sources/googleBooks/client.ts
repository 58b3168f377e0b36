/**
 * Google Books client for covers (`/books/v1/volumes`). Used only when an API key
 * is configured. Image links are normalised to allowed https URLs.
 */
import { isbn13To10, parseIsbn } from "../../../books/isbn";
import { matchScore, splitAuthorNames } from "../../match";
import { pickBestMatch, rankMatches, type PickedMatch } from "../../selectMatch";
import { isRecord, requestJson, toSourceError, type SourceDeps } from "../../source";
import { searchTitleText } from "../../titleText";
import type { SourceOutcome } from "../../types";
import { googleVolumeKey, pickGoogleImageLink } from "./coverUrls";

export const GOOGLE_BOOKS_VOLUMES_API = "https://www.googleapis.com/books/v1/volumes";
export const GOOGLE_BOOKS_MAX_RESULTS = 10;

export interface GoogleBooksDeps extends SourceDeps {
  apiKey: string;
}

/** One volume as the cover lookup reads it. */
export interface GoogleVolume {
  /** The volume id (absent in odd answers). */
  id?: string;
  title: string;
  subtitle?: string;
  authors: string[];
  /** ISBN-10/13 identifiers only, without spaces or hyphens; `OTHER` ones (`UOM:…`, `OCLC:…`) are left out. */
  isbns: string[];
  /** The best allowed image link, or null. */
  image: string | null;
  publishedDate?: string;
  /** Google marks it as a comic or graphic novel (`comicsContent`, or a "Comics & Graphic Novels" category). */
  comics: boolean;
}

const ISBN_IDENTIFIER_TYPES = new Set(["ISBN_10", "ISBN_13"]);

function readIsbns(identifiers: unknown): string[] {
  if (!Array.isArray(identifiers)) return [];
  return identifiers.flatMap((id) =>
    isRecord(id) && typeof id.identifier === "string" && typeof id.type === "string" && ISBN_IDENTIFIER_TYPES.has(id.type)
      ? [id.identifier.replace(/[\s-]/g, "").toUpperCase()]
      : [],
  );
}

/** The volumes of a `volumes` answer (`[]` for `totalItems: 0`), or null when the answer is not one. */
export function readVolumes(data: unknown): GoogleVolume[] | null {
  if (!isRecord(data)) return null;
  // A search without hits has `totalItems: 0` and no `items`.
  if (data.items === undefined) return [];
  if (!Array.isArray(data.items)) return null;
  const volumes: GoogleVolume[] = [];
  for (const item of data.items) {
    if (!isRecord(item) || !isRecord(item.volumeInfo)) continue;
    const info = item.volumeInfo;
    volumes.push({
      id: typeof item.id === "string" ? item.id : undefined,
      title: typeof info.title === "string" ? info.title : "",
      subtitle: typeof info.subtitle === "string" ? info.subtitle : undefined,
      authors: Array.isArray(info.authors) ? info.authors.filter((a): a is string => typeof a === "string") : [],
      isbns: readIsbns(info.industryIdentifiers),
      image: pickGoogleImageLink(info.imageLinks),
      publishedDate: typeof info.publishedDate === "string" ? info.publishedDate : undefined,
      comics:
        info.comicsContent === true ||
        (Array.isArray(info.categories) && info.categories.some((c) => typeof c === "string" && /comics|graphic novel/i.test(c))),
    });
  }
  return volumes;
}

/** One `volumes?q=…` request: the answer's volumes, or the failure. */
export async function queryGoogleVolumes(
  q: string,
  deps: GoogleBooksDeps,
): Promise<GoogleVolume[] | Extract<SourceOutcome, { status: "error" }>> {
  const params = new URLSearchParams({
    q,
    maxResults: String(GOOGLE_BOOKS_MAX_RESULTS),
    printType: "books",
    key: deps.apiKey,
  });
  const r = await requestJson(`${GOOGLE_BOOKS_VOLUMES_API}?${params}`, deps);
  if (!r.ok) return { status: "error", ...toSourceError(r) };
  return readVolumes(r.data) ?? { status: "error", reason: "upstream_error" };
}

/**
 * Which volumes may stand for the book: a comic edition ("Nacidos de la Bruma: El Imperio Final /
 * Mistborn: The Final Empire", a graphic novel) is not the novel when the answer also has a prose
 * volume that matches; it still is when its title is exactly the book's, or when every match is a comic.
 */
function notAnAdaptation(book: { title: string; author: string }, volumes: readonly GoogleVolume[]): (index: number) => boolean {
  const proseMatches = volumes.some((v) => !v.comics && matchScore(book, v) > 0);
  return (i) => !proseMatches || !volumes[i].comics || matchScore(book, volumes[i]) === 1;
}

/** The best matching volume among those `eligible` (see selectMatch.ts), adaptations left out. */
export function pickGoogleMatch(
  book: { title: string; author: string },
  volumes: readonly GoogleVolume[],
  eligible: (index: number) => boolean,
): PickedMatch | null {
  const ok = notAnAdaptation(book, volumes);
  return pickBestMatch(book, volumes, (i) => ok(i) && eligible(i));
}

/** Every matching volume, best first, adaptations left out. */
export function rankGoogleMatches(book: { title: string; author: string }, volumes: readonly GoogleVolume[]): PickedMatch[] {
  const ok = notAnAdaptation(book, volumes);
  return rankMatches(book, volumes).filter((m) => ok(m.index));
}

/** A volume whose image may be offered: it has one and its key is not rejected. */
function usableVolume(v: GoogleVolume, rejected: readonly string[]): v is GoogleVolume & { image: string } {
  if (!v.image) return false;
  const key = googleVolumeKey(v.id) ?? googleVolumeKey(new URL(v.image).searchParams.get("id"));
  return key === null || !rejected.includes(key);
}

/**
 * `q=isbn:<isbn>`. A volume counts when it lists the ISBN (as ISBN-13 or -10) or, when it lists no
 * ISBN at all (only `OTHER` identifiers, or none), its title and author match the book (if the book
 * has them). Volumes whose key is in `book.rejected` are skipped.
 */
export async function lookupGoogleCoverByIsbn(
  isbn: string,
  deps: GoogleBooksDeps,
  book?: { title?: string; author?: string; rejected?: readonly string[] },
): Promise<SourceOutcome> {
  const parsed = parseIsbn(isbn);
  if (!parsed.ok) return { status: "not_found" };
  const isbn13 = parsed.isbn13;
  const isbn10 = isbn13To10(isbn13);
  const result = await queryGoogleVolumes(`isbn:${isbn13}`, deps);
  if (!Array.isArray(result)) return result;
  const rejected = book?.rejected ?? [];
  const listing = result.find(
    (v) => usableVolume(v, rejected) && (v.isbns.includes(isbn13) || (isbn10 !== null && v.isbns.includes(isbn10))),
  );
  if (listing?.image) return { status: "found", url: listing.image };
  if (!book?.title || !book.author) return { status: "not_found" };
  const picked = pickGoogleMatch({ title: book.title, author: book.author }, result, (i) => {
    const v = result[i];
    return v.isbns.length === 0 && usableVolume(v, rejected);
  });
  const image = picked ? result[picked.index].image : null;
  return image ? { status: "found", url: image } : { status: "not_found" };
}

function quoted(s: string): string {
  return `"${s.replace(/"/g, " ").replace(/\s+/g, " ").trim()}"`;
}

/** The title + author query: `intitle:"…" inauthor:"…"` (the same title and first author Open Library is asked for). */
export function googleSearchQuery(book: { title: string; author: string }): string {
  const author = (splitAuthorNames(book.author)[0] ?? book.author).replace(/\s+/g, " ").trim();
  return `intitle:${quoted(searchTitleText(book.title))} inauthor:${quoted(author)}`;
}

/**
 * `q=intitle:"…" inauthor:"…"`. Accepts the best volume (exact title first, then result order)
 * whose title and an author match the book, that has an image and whose key is not in `book.rejected`.
 */
export async function searchGoogleCover(
  book: { title: string; author: string; rejected?: readonly string[] },
  deps: GoogleBooksDeps,
): Promise<SourceOutcome> {
  const result = await queryGoogleVolumes(googleSearchQuery(book), deps);
  if (!Array.isArray(result)) return result;
  const rejected = book.rejected ?? [];
  const picked = pickGoogleMatch(book, result, (i) => usableVolume(result[i], rejected));
  const image = picked ? result[picked.index].image : null;
  return image ? { status: "found", url: image } : { status: "not_found" };
}
