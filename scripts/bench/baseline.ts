/**
 * The baseline: the PRD's MVP backfill done naively, as plain code. Per book, strictly in sequence:
 *
 *   1. ISBN: GET openlibrary.org/isbn/<isbn>.json; if the edition lists a cover, download the
 *      image (covers.openlibrary.org/b/id/<id>-L.jpg?default=false) to verify it.
 *   2. Title + author: GET search.json (same query as Folio's client: title without series suffix
 *      and subtitle, first author); download each result's cover image in result order and take
 *      the first that verifies. No title/author check of the results: that is the naive part.
 *   3. With a Google key: the same with q=isbn:… then q=intitle:… inauthor:…, verifying thumbnails.
 *
 * Every request has the same 5 s timeout as Folio's client; there is no client-side rate limiting,
 * no batching, no concurrency, no retry. A 429 or 5xx just fails that step.
 */
import { searchAuthor, searchTitle } from "../../lib/cover/openLibrary";
import { userAgent } from "../../lib/cover/http";
import { BENCH_CONTACT } from "./config";

export const NAIVE_TIMEOUT_MS = 5000;

export interface NaiveBook {
  title?: string;
  author?: string;
  isbn?: string;
}

export type NaiveReason = "not_found" | "timeout" | "upstream_error" | "rate_limited";
export type NaiveResult = { url: string; source: "open-library" | "google-books" } | { reason: NaiveReason };

type Got = { ok: true; status: number; json?: unknown; bytes?: number } | { ok: false; reason: "timeout" | "upstream_error" };

/** One GET with a 5 s timeout (setTimeout + AbortController, so the virtual clock drives it). */
async function get(url: string, as: "json" | "bytes"): Promise<Got> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAIVE_TIMEOUT_MS);
  try {
    const res = await fetch(url, { signal: controller.signal, headers: { "User-Agent": userAgent(BENCH_CONTACT) } });
    if (as === "bytes") {
      const body = await res.arrayBuffer();
      return { ok: true, status: res.status, bytes: body.byteLength };
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { ok: true, status: res.status, json };
  } catch {
    return { ok: false, reason: controller.signal.aborted ? "timeout" : "upstream_error" };
  } finally {
    clearTimeout(timer);
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

export interface NaiveStats {
  requests: number;
  imageDownloads: number;
}

/** Looks up one book the naive way. `stats` counts what this client sent. */
export async function naiveLookup(book: NaiveBook, options: { googleApiKey?: string; stats: NaiveStats }): Promise<NaiveResult> {
  let error: NaiveReason | undefined;
  const note = (r: Got): r is Extract<Got, { ok: true }> => {
    options.stats.requests++;
    if (!r.ok) {
      error = r.reason === "timeout" || error === "timeout" ? "timeout" : r.reason;
      return false;
    }
    if (r.status === 429 || r.status === 503) error = "rate_limited";
    else if (r.status >= 500) error ??= "upstream_error";
    return r.status === 200;
  };
  const verify = async (imageUrl: string): Promise<boolean> => {
    options.stats.imageDownloads++;
    const r = await get(imageUrl, "bytes");
    return note(r) && (r.bytes ?? 0) > 1000;
  };

  const title = book.title?.trim() ?? "";
  const author = book.author?.trim() ?? "";

  // 1. Open Library by ISBN.
  if (book.isbn) {
    const r = await get(`https://openlibrary.org/isbn/${book.isbn}.json`, "json");
    if (note(r) && isRecord(r.json) && Array.isArray(r.json.covers)) {
      const id = r.json.covers.find((c): c is number => typeof c === "number" && c > 0);
      if (id !== undefined) {
        const url = `https://covers.openlibrary.org/b/id/${id}-L.jpg`;
        if (await verify(`${url}?default=false`)) return { url, source: "open-library" };
      }
    }
  }

  // 2. Open Library search: the first result whose image downloads.
  if (title && author) {
    const params = new URLSearchParams({ title: searchTitle(title), author: searchAuthor(author) });
    const r = await get(`https://openlibrary.org/search.json?${params}`, "json");
    if (note(r) && isRecord(r.json) && Array.isArray(r.json.docs)) {
      for (const doc of r.json.docs) {
        if (!isRecord(doc) || typeof doc.cover_i !== "number" || doc.cover_i <= 0) continue;
        const url = `https://covers.openlibrary.org/b/id/${doc.cover_i}-L.jpg`;
        if (await verify(`${url}?default=false`)) return { url, source: "open-library" };
      }
    }
  }

  // 3. Google Books, only with a key.
  if (options.googleApiKey) {
    const queries: string[] = [];
    if (book.isbn) queries.push(`isbn:${book.isbn}`);
    if (title && author) queries.push(`intitle:"${searchTitle(title)}" inauthor:"${searchAuthor(author)}"`);
    for (const q of queries) {
      const params = new URLSearchParams({ q, key: options.googleApiKey });
      const r = await get(`https://www.googleapis.com/books/v1/volumes?${params}`, "json");
      if (!note(r) || !isRecord(r.json) || !Array.isArray(r.json.items)) continue;
      for (const item of r.json.items) {
        const links = isRecord(item) && isRecord(item.volumeInfo) ? item.volumeInfo.imageLinks : undefined;
        const thumb = isRecord(links) && typeof links.thumbnail === "string" ? links.thumbnail : undefined;
        if (!thumb) continue;
        const url = thumb.replace(/^http:/, "https:");
        if (await verify(url)) return { url, source: "google-books" };
      }
    }
  }

  return { reason: error ?? "not_found" };
}
