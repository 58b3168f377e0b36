/**
 * Google Books as a cover source, asked only when `GOOGLE_BOOKS_API_KEY` is set (its absence is not
 * an error). Lookup stages, after Open Library's: `gb.isbn` (`q=isbn:<isbn>`, one ISBN per request:
 * Google answers an OR of ISBNs unreliably) and `gb.search` (`intitle:"…" inauthor:"…"`).
 */
import { isbn13To10 } from "../../../books/isbn";
import { MALFORMED_ANSWER, stageError } from "../stageErrors";
import type { CoverSourceAdapter, IsbnCover, IsbnStageResult, SearchStageResult, StageContext } from "../types";
import { gatherGoogleCandidates } from "./candidates";
import { GOOGLE_BOOKS_MAX_RESULTS, GOOGLE_BOOKS_VOLUMES_API, googleSearchQuery, rankGoogleMatches, readVolumes } from "./client";
import { GOOGLE_COVER_HOSTS, GOOGLE_REGIONAL_HOST, googleCoverKey, onMainGoogleHost } from "./coverUrls";

function volumesUrl(q: string, apiKey: string | undefined): string {
  const params = new URLSearchParams({ q, maxResults: String(GOOGLE_BOOKS_MAX_RESULTS), printType: "books" });
  if (apiKey) params.set("key", apiKey);
  return `${GOOGLE_BOOKS_VOLUMES_API}?${params}`;
}

const fullTitle = (v: { title: string; subtitle?: string }) => (v.subtitle ? `${v.title}: ${v.subtitle}` : v.title);

async function isbnStage(isbns: readonly string[], ctx: StageContext): Promise<IsbnStageResult> {
  const [isbn] = isbns;
  const r = await ctx.get(volumesUrl(`isbn:${isbn}`, ctx.apiKey));
  if (!r.ok) return { ok: false, error: stageError(r) };
  const volumes = readVolumes(r.data);
  if (!volumes) return { ok: false, error: MALFORMED_ANSWER };
  if (volumes.length === 0) return { ok: true, answers: new Map() };
  const isbn10 = isbn13To10(isbn);
  const covers: IsbnCover[] = [];
  for (const v of volumes) {
    if (!v.image) continue;
    const lists = v.isbns.includes(isbn) || (isbn10 !== null && v.isbns.includes(isbn10));
    // A volume listing no ISBN at all (only other identifiers) counts only when it is the book by
    // title and author; one listing other ISBNs is another edition's answer.
    if (lists) covers.push({ url: v.image, titles: [fullTitle(v)] });
    else if (v.isbns.length === 0) covers.push({ url: v.image, titles: [fullTitle(v)], authors: v.authors });
  }
  return { ok: true, answers: new Map([[isbn, { covers }]]) };
}

async function searchStage(book: { title: string; author: string }, ctx: StageContext): Promise<SearchStageResult> {
  const r = await ctx.get(volumesUrl(googleSearchQuery(book), ctx.apiKey));
  if (!r.ok) return { ok: false, error: stageError(r) };
  const volumes = readVolumes(r.data);
  if (!volumes) return { ok: false, error: MALFORMED_ANSWER };
  const covers = rankGoogleMatches(book, volumes).flatMap((m) => {
    const image = volumes[m.index].image;
    return image ? [image] : [];
  });
  return { ok: true, covers: [...new Set(covers)] };
}

export const googleBooksSource = {
  id: "google-books",
  label: "Google Books",
  keyPrefix: "gb",
  coverHosts: GOOGLE_COVER_HOSTS,
  coverHostPattern: GOOGLE_REGIONAL_HOST,
  // Well inside Google's per-user quota.
  pacing: { limit: { perMinute: 120, burst: 4 }, bulkWindow: { maxRequests: 2, windowMs: 1100 } },
  // Its terms forbid permanent copies and caching past the answer's cache header: covers stay links.
  keeping: { keep: "link", reason: "terms_forbid_copies" },
  imagePacing: { limit: { perMinute: 120, burst: 4 }, bulkWindow: { maxRequests: 2, windowMs: 1100 } },
  keyEnv: "GOOGLE_BOOKS_API_KEY",
  coverKey: googleCoverKey,
  canonicalCoverUrl: (url) => onMainGoogleHost(url).toString(),
  stages: [
    { kind: "isbn", id: "gb.isbn", maxPerRequest: 1, run: isbnStage },
    { kind: "search", id: "gb.search", run: searchStage },
  ],
  gatherCandidates: gatherGoogleCandidates,
} as const satisfies CoverSourceAdapter<"google-books">;
