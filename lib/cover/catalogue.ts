/**
 * The deployment's catalogue of what cover sources answered, as bibliographic facts with nothing
 * about which reader asked: per lookup stage, an ISBN's answer (the covers it offers with the titles
 * they must agree with, or "unknown") and a normalised title + author's answer (the matching covers,
 * best first, or none). Every lookup reads the facts first and asks a source only for what they do
 * not say; facts expire, "nothing" sooner than a cover. A reader's rejection never changes a fact:
 * it is applied when a fact is read for that reader's book.
 */
import { normalizeIsbn } from "../books/isbn";
import { normalizeText } from "../books/text";
import { isRejectedCover } from "./coverKeys";
import { isAllowedCoverUrl } from "./coverUrl";
import { isbnAnswerAgrees } from "./isbnAgreement";
import type { IsbnCover, LookupStage } from "./sources/types";
import { cleanTitle, splitSubtitle } from "./titleText";

/** One cover of a fact: its URL and, for an ISBN answer, what it must agree with. */
export type FactCover = IsbnCover;

export interface CatalogueFact {
  /** The lookup stage that answered ("ol.isbn", "ol.search", …). */
  stage: string;
  /** `isbn:<ISBN-13>` or `ta:<title>|<author>` (normalised). */
  key: string;
  /** The source knows the ISBN (always true for a search: its answer is the fact). */
  known: boolean;
  /** Best first; empty when the source had none. */
  covers: FactCover[];
}

/** How long a fact is trusted: a cover for two months, "nothing" for a week (catalogues grow). */
export const FACT_TTL_MS = { withCover: 60 * 24 * 60 * 60 * 1000, withoutCover: 7 * 24 * 60 * 60 * 1000 } as const;

/** Bounds on what one fact keeps (document size, index key size). */
export const FACT_LIMITS = { covers: 5, titles: 3, titleLength: 300, authors: 5, keyLength: 400 } as const;

export function isbnFactKey(isbn13: string): string {
  return `isbn:${isbn13}`;
}

/**
 * The normalised title + author a search fact is kept under (where a subtitle starts is kept: the
 * matcher tells "Mistborn: Secret History" from "Mistborn Secret History"), or null when there is
 * nothing to key, or too much.
 */
export function titleFactKey(title: string, author: string): string | null {
  const { main, subtitle } = splitSubtitle(cleanTitle(title));
  const t = subtitle ? `${normalizeText(main)}:${normalizeText(subtitle)}` : normalizeText(main);
  const a = normalizeText(author);
  if (!normalizeText(main) || !a) return null;
  const key = `ta:${t}|${a}`;
  return key.length <= FACT_LIMITS.keyLength ? key : null;
}

/** The key of the fact a stage would answer for a book, or null when the stage does not apply to it. */
export function factKeyFor(stage: LookupStage, book: { title?: string; author?: string; isbn?: string }): string | null {
  if (stage.kind === "isbn") {
    const isbn = normalizeIsbn(book.isbn);
    return isbn ? isbnFactKey(isbn) : null;
  }
  return titleFactKey(book.title ?? "", book.author ?? "");
}

/** The id of a fact in a map of facts. */
export function factId(stage: string, key: string): string {
  return `${stage}|${key}`;
}

/** When a fact learnt at `now` stops being trusted. */
export function factExpiresAt(fact: Pick<CatalogueFact, "covers">, now: number): number {
  return now + (fact.covers.length > 0 ? FACT_TTL_MS.withCover : FACT_TTL_MS.withoutCover);
}

/** A fact cut to its bounds, with only allowlisted cover URLs. */
export function boundedFact(fact: CatalogueFact): CatalogueFact {
  const covers = fact.covers
    .filter((c) => isAllowedCoverUrl(c.url))
    .slice(0, FACT_LIMITS.covers)
    .map((c) => ({
      url: c.url,
      titles: c.titles.slice(0, FACT_LIMITS.titles).map((t) => t.slice(0, FACT_LIMITS.titleLength)),
      ...(c.authors ? { authors: c.authors.slice(0, FACT_LIMITS.authors).map((a) => a.slice(0, FACT_LIMITS.titleLength)) } : {}),
    }));
  return { ...fact, covers };
}

/**
 * The cover a fact gives this book, or null: an ISBN answer's first cover that agrees with the
 * book's title (isbnAgreement.ts), a search answer's first cover; never one the book rejected.
 */
export function coverFromFact(
  fact: CatalogueFact,
  kind: LookupStage["kind"],
  book: { title?: string; author?: string; rejected?: readonly string[] },
): string | null {
  for (const cover of fact.covers) {
    if (isRejectedCover(cover.url, book.rejected)) continue;
    if (kind === "isbn" && !isbnAnswerAgrees(book, cover)) continue;
    return cover.url;
  }
  return null;
}
