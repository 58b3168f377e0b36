/**
 * Which candidate of one source answer is the reader's book.
 *
 * Exact titles win over titles matched with a subtitle missing on one side, then the answer's order.
 * A one-sided subtitle is a risk when the shared name is a series: "Mistborn" is the series and the
 * Tor title of its first book, so "Mistborn: Secret History" must not be taken for a bare "Mistborn",
 * while "Dune: Deluxe Edition" is plainly "Dune". The rule: a candidate that matches only with a
 * subtitle on one side is accepted when that subtitle is an edition note ("Deluxe Edition",
 * "Illustrated"), or when nothing else in the same answer (by a matching author) suggests a series of
 * distinct books under the shared name: a series marker naming it ("(Mistborn, Book 1)",
 * "[Mistborn] 4"), a "<name> Trilogy/Series/Saga/…" title, or another book titled "<name>: <another
 * subtitle>".
 */
import { normalizeText } from "../books/text";
import { authorsMatch } from "./authorNames";
import { withoutArticles } from "./titleText";
import { formParts, matchDetail, namesDerivativeWork, parseTitle, type MatchBook, type MatchCandidate } from "./match";

/** Subtitles that describe an edition, not another book. */
const EDITION_NOTE =
  /\b(?:edition|ed|deluxe|anniversary|illustrated|annotated|unabridged|abridged|(?:a )?novel|reprint|revised|expanded|large print|tie in|collector s|special|hardcover|paperback)\b/u;

export function isEditionNote(normalizedSubtitle: string): boolean {
  return EDITION_NOTE.test(normalizedSubtitle);
}

const SERIES_WORDS = /^(?:trilogy|series|saga|cycle|chronicles|omnibus|collection|quartet|sequence|box set|boxed set|books)\b/u;

/** Whether `candidate` (by a matching author) marks `name` as a series of distinct books. */
function marksSeries(candidate: MatchCandidate, name: string, knownSubs: readonly string[]): boolean {
  const parsed = parseTitle(candidate.title, candidate.subtitle);
  if (parsed.series && withoutArticles(parsed.series) === name) return true;
  // "(Nacidos de la Bruma [Mistborn] 4)": the name and a number in a trailing bracket.
  const bracket = /[([]([^]*)[)\]]\s*$/u.exec(candidate.title);
  if (bracket) {
    const inside = ` ${withoutArticles(normalizeText(bracket[1]))} `;
    if (inside.includes(` ${name} `) && /\d/.test(inside)) return true;
  }
  const parts = formParts(parsed.text, parsed.qualifier);
  if (parts.full.startsWith(`${name} `) && SERIES_WORDS.test(parts.full.slice(name.length + 1))) return true;
  return (
    parts.main === name &&
    parts.sub !== "" &&
    !knownSubs.includes(parts.sub) &&
    !isEditionNote(parts.sub) &&
    !namesDerivativeWork(parts.sub)
  );
}

/**
 * Another candidate of the answer (not `except`) suggests that `name` is a series of distinct books;
 * `knownSubs` are the subtitles of the pair being judged (the same book again is no evidence).
 */
export function answerSuggestsSeries(
  book: MatchBook,
  candidates: readonly MatchCandidate[],
  name: string,
  knownSubs: readonly string[],
  except: number,
): boolean {
  return candidates.some(
    (c, i) =>
      i !== except &&
      typeof c.title === "string" &&
      Array.isArray(c.authors) &&
      authorsMatch(book.author, c.authors) &&
      marksSeries(c, name, knownSubs),
  );
}

export interface PickedMatch {
  index: number;
  /** The title agreement (1 exact, 0.75 a one-sided edition note or qualifier, 0.7 another one-sided subtitle). */
  score: number;
}

/** A one-sided subtitle that is not an edition note ranks below one that is. */
const OTHER_ONE_SIDED_SUBTITLE = 0.7;

/** The candidate's acceptance score for the book within this answer: 0 when it is not the book. */
function acceptanceScore(book: MatchBook, candidates: readonly MatchCandidate[], i: number): number {
  const m = matchDetail(book, candidates[i]);
  if (m.score === 0) return 0;
  const titled = m.subtitleOnlyOn !== null && !isEditionNote(m.extraSubtitle);
  if (!titled) return m.score;
  if (answerSuggestsSeries(book, candidates, m.bookMain, [m.bookSub, m.extraSubtitle], i)) return 0;
  return Math.min(m.score, OTHER_ONE_SIDED_SUBTITLE);
}

/**
 * The best candidate for the book among those `eligible` (e.g. with an image, not rejected), or
 * null. Ineligible candidates still count as evidence of a series.
 */
export function pickBestMatch(
  book: MatchBook,
  candidates: readonly MatchCandidate[],
  eligible: (index: number) => boolean = () => true,
): PickedMatch | null {
  let best: PickedMatch | null = null;
  for (let i = 0; i < candidates.length; i++) {
    if (!eligible(i)) continue;
    const score = acceptanceScore(book, candidates, i);
    if (score <= (best?.score ?? 0)) continue;
    best = { index: i, score };
    if (score === 1) break;
  }
  return best;
}

/** Every candidate that is the book, best first (score, then the answer's order). */
export function rankMatches(book: MatchBook, candidates: readonly MatchCandidate[]): PickedMatch[] {
  const ranked: PickedMatch[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const score = acceptanceScore(book, candidates, i);
    if (score > 0) ranked.push({ index: i, score });
  }
  return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
}
