/**
 * Google Books' pictures for "Choose a cover": one request, `isbn:<isbn>` when the book has an ISBN,
 * else the title + author query. Volumes listing the ISBN come first, then those that are the book by
 * title and author.
 */
import { isbn13To10 } from "../../../books/isbn";
import type { SourceError } from "../../types";
import type { CandidateContext, CandidateSink } from "../types";
import { googleSearchQuery, queryGoogleVolumes, rankGoogleMatches, type GoogleVolume } from "./client";
import { googleVolumeKey } from "./coverUrls";

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

export async function gatherGoogleCandidates(
  book: { title: string; author: string; isbn: string | null; canSearch: boolean },
  sink: CandidateSink,
  ctx: CandidateContext,
): Promise<SourceError | undefined> {
  if (!ctx.apiKey) return undefined;
  const q = book.isbn ? `isbn:${book.isbn}` : book.canSearch ? googleSearchQuery(book) : null;
  if (!q) return undefined;
  const volumes = await queryGoogleVolumes(q, {
    apiKey: ctx.apiKey,
    limiter: ctx.limiter,
    contact: ctx.contact,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    fetchJson: ctx.fetchJson,
  });
  if (!Array.isArray(volumes)) return volumes;
  for (const v of matchingVolumes(book, volumes)) {
    const key = googleVolumeKey(v.id);
    if (v.image && key) sink.add({ url: v.image, key, label: googleLabel(v) });
  }
  return undefined;
}
