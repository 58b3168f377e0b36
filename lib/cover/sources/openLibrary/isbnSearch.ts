/**
 * Many ISBNs in one Open Library search: `search.json?q=isbn:(A OR B …)&fields=…`. The answer has one
 * doc per work an ISBN belongs to, with the edition that matched (its `cover_i`, its ISBNs) and the
 * work's own `cover_i`, so an edition without a cover still gets its work's. Docs come in no
 * particular order: each is mapped back to the asked ISBNs through its edition's `isbn` list. One ISBN
 * can match two works (a single volume and a box set): both are kept, in answer order. An ISBN Open
 * Library does not know is simply absent. Real answer: tests/fixtures/openlibrary/search-isbn-batch.json.
 */
import { parseIsbn } from "../../../books/isbn";
import { isRecord } from "../../source";
import type { IsbnAnswer, IsbnCover } from "../types";
import { OPEN_LIBRARY_SEARCH_API } from "./client";
import { openLibraryCoverUrlById, parseOpenLibraryCoverId } from "./coverUrls";

/** ISBNs per request: 50 keep the URL near 1 KB and the answer (one work each, two at most) within `limit`. */
export const OPEN_LIBRARY_ISBN_SEARCH_MAX = 50;

/** The fields asked for: the work's key, title and cover, and its matched edition's key, title, cover and ISBNs. */
export const OPEN_LIBRARY_ISBN_SEARCH_FIELDS =
  "key,title,cover_i,editions,editions.key,editions.title,editions.cover_i,editions.isbn";

/** The request for up to OPEN_LIBRARY_ISBN_SEARCH_MAX ISBN-13s. */
export function isbnSearchUrl(isbns: readonly string[]): string {
  const params = new URLSearchParams({
    q: `isbn:(${isbns.join(" OR ")})`,
    fields: OPEN_LIBRARY_ISBN_SEARCH_FIELDS,
    // One work per ISBN, sometimes two: room for every match.
    limit: String(Math.min(100, Math.max(10, isbns.length * 2))),
  });
  return `${OPEN_LIBRARY_SEARCH_API}?${params}`;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : [];
}

function titleOf(record: Record<string, unknown>): string | undefined {
  return typeof record.title === "string" && record.title.trim() ? record.title.trim() : undefined;
}

/** The covers one work doc offers for its matched edition: the edition's own first, then the work's. */
function coversOf(work: Record<string, unknown>, edition: Record<string, unknown>): IsbnCover[] {
  const workTitle = titleOf(work);
  const editionTitle = titleOf(edition);
  const titles = [...new Set([editionTitle, workTitle].filter((t): t is string => t !== undefined))];
  const ids = [parseOpenLibraryCoverId(edition.cover_i), parseOpenLibraryCoverId(work.cover_i)];
  return [...new Set(ids.filter((id): id is number => id !== null))].map((id) => ({ url: openLibraryCoverUrlById(id), titles }));
}

/**
 * The answer mapped back to the asked ISBN-13s: every asked ISBN that some doc's edition lists gets
 * that doc's covers (possibly none). Null when the answer is not a search answer.
 */
export function readIsbnSearch(data: unknown, asked: readonly string[]): Map<string, IsbnAnswer> | null {
  if (!isRecord(data) || !Array.isArray(data.docs)) return null;
  const wanted = new Set(asked);
  const answers = new Map<string, IsbnAnswer>();
  for (const work of data.docs) {
    if (!isRecord(work) || !isRecord(work.editions) || !Array.isArray(work.editions.docs)) continue;
    for (const edition of work.editions.docs) {
      if (!isRecord(edition)) continue;
      const isbns = new Set(
        stringsOf(edition.isbn).flatMap((raw) => {
          const parsed = parseIsbn(raw);
          return parsed.ok && wanted.has(parsed.isbn13) ? [parsed.isbn13] : [];
        }),
      );
      for (const isbn of isbns) {
        const answer = answers.get(isbn) ?? { covers: [] };
        for (const cover of coversOf(work, edition)) {
          if (!answer.covers.some((c) => c.url === cover.url)) answer.covers.push(cover);
        }
        answers.set(isbn, answer);
      }
    }
  }
  return answers;
}
