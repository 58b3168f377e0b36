/**
 * Does a search result describe the reader's book? Used to accept title/author
 * search hits. Conservative by design: no cover is better than a wrong cover.
 *
 * Titles are compared after cleaning (full-width forms, stars, padding: titleText.ts) and normalising
 * case, accents, punctuation, articles anywhere in the title and series markers ("(Series, #3)", "(Series, Book 3)").
 * A title that starts with its series name ("Mistborn: The Final Empire" in the series "Mistborn") is
 * also compared without it. A subtitle or a trailing "(…)" qualifier may be missing on one side, but
 * when both sides have one they must agree; whether a one-sided subtitle is acceptable given the rest
 * of a source's answer is decided in selectMatch.ts. Authors: authorNames.ts.
 */
import { normalizeText } from "../books/text";
import { authorsMatch } from "./authorNames";
import {
  formsMayMeet,
  numberingsConflict,
  readTitleNumbering,
  samePosition,
  untitledVolume,
  type Numbering,
  type TitleNumbering,
} from "./seriesNumbering";
import {
  cleanTitle,
  splitEditionPhrase,
  splitSeriesSuffix,
  splitSubtitle,
  SUBTITLE_SEPARATOR,
  titleForms,
  withoutArticles,
} from "./titleText";

export { authorsMatch, nameTokens, namesMatch, readerNameMatches, splitAuthorNames } from "./authorNames";

export interface MatchBook {
  title: string;
  author: string;
}

export interface MatchCandidate {
  title: string;
  /** A separate subtitle field (Google Books `volumeInfo.subtitle`, Open Library `subtitle`). */
  subtitle?: string;
  authors: readonly string[];
}

/* ---------------------------------------------------------------- titles */

/** The parts of one written form of a title, each normalised and without articles (`withoutArticles`). */
export interface TitleParts {
  /** Main title. */
  main: string;
  /** Subtitle ("" when none). */
  sub: string;
  /** Trailing bracketed qualifier such as "(Illustrated Edition)" ("" when none). */
  qualifier: string;
  /** Main + subtitle. */
  full: string;
  /** An edition the title names (", 2d ed.", " - Second Edition"), normalised ("" when none). */
  edition: string;
}

/** A title (and subtitle field) cleaned and split: its series name and the parts of each form it may take. */
export interface ParsedTitle {
  /** The series named by a trailing series marker, normalised ("" when none). */
  series: string;
  /** The position the series marker gives ("" when none). */
  position: string;
  /** The title's text after cleaning, series marker, qualifier and edition removed, subtitle field joined. */
  text: string;
  qualifier: string;
  /** The edition the title names, normalised ("" when none): another edition is the same book. */
  edition: string;
}

const TRAILING_QUALIFIER = /\s*[([]([^()[\]]*)[)\]]\s*$/u;

/** Cleans a title, splits off its series marker, qualifier and edition, and joins a separate subtitle field. */
export function parseTitle(title: string, subtitle?: string): ParsedTitle {
  const { title: bare, series, position } = splitSeriesSuffix(cleanTitle(title));
  let text = bare;
  let qualifier = "";
  const q = TRAILING_QUALIFIER.exec(text);
  if (q && q.index > 0) {
    qualifier = withoutArticles(normalizeText(q[1]));
    text = text.slice(0, q.index).trim();
  }
  const main = splitEditionPhrase(text);
  const sub = splitEditionPhrase(subtitle ? splitSeriesSuffix(cleanTitle(subtitle)).title : "");
  text = main.title;
  if (normalizeText(sub.title) && !SUBTITLE_SEPARATOR.test(text)) text = `${text}: ${sub.title}`;
  return { series, position, text, qualifier, edition: main.edition || sub.edition };
}

/** The normalised parts of one written form of a title. */
export function formParts(text: string, qualifier: string, edition = ""): TitleParts {
  const { main: mainRaw, subtitle: subRaw } = splitSubtitle(text);
  const main = withoutArticles(normalizeText(mainRaw));
  const sub = withoutArticles(normalizeText(subRaw));
  const full = withoutArticles(normalizeText(`${mainRaw} ${subRaw}`));
  return { main, sub, qualifier, full, edition };
}

/** `longer` starts with all the words of `shorter`. */
function startsWithWords(longer: string, shorter: string): boolean {
  return longer === shorter || longer.startsWith(`${shorter} `);
}

/** Optional parts agree when either side lacks one, or one is a word-prefix of the other. */
function optionalPartsAgree(a: string, b: string): "same" | "one_missing" | "prefix" | "conflict" {
  if (a === b) return "same";
  if (!a || !b) return "one_missing";
  if (startsWithWords(a, b) || startsWithWords(b, a)) return "prefix";
  return "conflict";
}

/**
 * Words that make a subtitle or qualifier name another book than the original text: an
 * adaptation, a guide or a summary has its own (different) cover.
 */
const DERIVATIVE_WORK =
  /\b(?:graphic novel|comic|comics|manga|adaptation|adapted|study guide|guide to|summary|summaries|sparknotes|cliffsnotes|cliffs notes|companion|screenplay|workbook|analysis|coloring book|colouring book|activity book|quiz book|trivia|illustrations|art book|artbook)\b/u;

export function namesDerivativeWork(part: string): boolean {
  return DERIVATIVE_WORK.test(part);
}

/** The words `mine` has beyond `theirs` (when `theirs` is empty or a word-prefix of it). */
function wordsBeyond(mine: string, theirs: string): string {
  if (mine === theirs) return "";
  if (!theirs) return mine;
  return mine.startsWith(`${theirs} `) ? mine.slice(theirs.length + 1) : "";
}

/** A subtitle or qualifier that only one side has and that names a derivative work. */
function derivativeOnOneSide(a: TitleParts, b: TitleParts): boolean {
  const extraA = [wordsBeyond(a.sub, b.sub), wordsBeyond(a.qualifier, b.qualifier)];
  const extraB = [wordsBeyond(b.sub, a.sub), wordsBeyond(b.qualifier, a.qualifier)];
  return extraA.some(namesDerivativeWork) !== extraB.some(namesDerivativeWork);
}

/** How two titles agree. */
export interface TitleMatch {
  /** 1 same title, 0.75 a subtitle or qualifier (partly) missing on one side, 0 different titles. */
  score: number;
  /** Which side has a subtitle the other lacks (null when the subtitles agree). */
  subtitleOnlyOn: "book" | "candidate" | null;
  /** That one-sided subtitle, normalised ("" when none). */
  extraSubtitle: string;
  /** The book's main title in the form that matched, normalised. */
  bookMain: string;
  /** The book's subtitle in the form that matched, normalised. */
  bookSub: string;
}

const NO_TITLE_MATCH: TitleMatch = { score: 0, subtitleOnlyOn: null, extraSubtitle: "", bookMain: "", bookSub: "" };

function compareForms(a: TitleParts, b: TitleParts): TitleMatch {
  if (!a.main || !b.main) return NO_TITLE_MATCH;
  let subs: ReturnType<typeof optionalPartsAgree>;
  if (a.main === b.main) subs = optionalPartsAgree(a.sub, b.sub);
  else if (a.full === b.full) subs = "same";
  else return NO_TITLE_MATCH;
  if (subs === "conflict") return NO_TITLE_MATCH;
  const quals = optionalPartsAgree(a.qualifier, b.qualifier);
  if (quals === "conflict" || derivativeOnOneSide(a, b)) return NO_TITLE_MATCH;

  const subtitleOnlyOn = subs === "one_missing" ? (a.sub ? "book" : "candidate") : null;
  return {
    score: subs === "same" && quals === "same" && a.edition === b.edition ? 1 : 0.75,
    subtitleOnlyOn,
    extraSubtitle: subtitleOnlyOn === "book" ? a.sub : subtitleOnlyOn === "candidate" ? b.sub : "",
    bookMain: a.main,
    bookSub: a.sub,
  };
}

/** Article-free normalised text: how series names and titles are compared. */
const comparable = (s: string): string => withoutArticles(normalizeText(s));

/** Both titles are the same volume of a series known only by its number on one or both sides ("Naruto 1: Band 1"). */
function sameNumberedVolume(
  a: ParsedTitle,
  na: TitleNumbering,
  b: ParsedTitle,
  nb: TitleNumbering,
  series: string[],
): TitleMatch {
  const marker = (p: ParsedTitle) => (p.series && p.position ? { series: comparable(p.series), position: p.position } : null);
  const volA = untitledVolume(na, comparable(a.text), marker(a), series);
  const volB = untitledVolume(nb, comparable(b.text), marker(b), series);
  const states = (n: TitleNumbering, v: Numbering) =>
    n.numberings.some((x) => x.series === v.series && samePosition(x.position, v.position));
  if (!(volA && states(nb, volA)) && !(volB && states(na, volB))) return NO_TITLE_MATCH;
  const main = formParts(a.text, a.qualifier).main;
  return { score: volA && volB ? 1 : 0.75, subtitleOnlyOn: null, extraSubtitle: "", bookMain: main, bookSub: "" };
}

/**
 * Title agreement over every form of both titles (a leading series name known from either side may be dropped,
 * and a series number written before or after the title read as such: seriesNumbering.ts); the best form pair
 * wins. Derivative works ("The Graphic Novel", "Study Guide") on one side only never match.
 */
export function titleMatch(bookTitle: string, candidateTitle: string, candidateSubtitle?: string): TitleMatch {
  const a = parseTitle(bookTitle);
  const b = parseTitle(candidateTitle, candidateSubtitle);
  const na = readTitleNumbering(a.text, a.series, a.position, comparable);
  const nb = readTitleNumbering(b.text, b.series, b.position, comparable);
  // Another position in the same series is another book ("(Part 1)" / "(Part 2)" stay qualifiers).
  if (numberingsConflict(na.numberings, nb.numberings)) return NO_TITLE_MATCH;
  const series = [a.series, b.series, na.leadingSeries, nb.leadingSeries].filter(Boolean).map(comparable);
  let best = sameNumberedVolume(a, na, b, nb, series);
  for (const formA of na.forms) {
    for (const formB of nb.forms) {
      if (!formsMayMeet(formA, formB)) continue;
      for (const textA of titleForms(formA.text, series)) {
        for (const textB of titleForms(formB.text, series)) {
          const m = compareForms(formParts(textA, a.qualifier, a.edition), formParts(textB, b.qualifier, b.edition));
          if (m.score > best.score) best = m;
          if (best.score === 1) return best;
        }
      }
    }
  }
  return best;
}

/** The score of `titleMatch`: 1 same title, 0.75 one side lacks (part of) a subtitle or qualifier, 0 different. */
export function titleMatchScore(bookTitle: string, candidateTitle: string, candidateSubtitle?: string): number {
  return titleMatch(bookTitle, candidateTitle, candidateSubtitle).score;
}

/* ----------------------------------------------------------------- both */

/** The title agreement of a candidate whose author also matches; `NO_TITLE_MATCH` otherwise. */
export function matchDetail(book: MatchBook, candidate: MatchCandidate): TitleMatch {
  if (!book.title?.trim() || !book.author?.trim()) return NO_TITLE_MATCH;
  if (typeof candidate.title !== "string" || !Array.isArray(candidate.authors)) return NO_TITLE_MATCH;
  const m = titleMatch(book.title, candidate.title, typeof candidate.subtitle === "string" ? candidate.subtitle : undefined);
  if (m.score === 0) return NO_TITLE_MATCH;
  return authorsMatch(book.author, candidate.authors) ? m : NO_TITLE_MATCH;
}

/**
 * 0 when the candidate is not the book; otherwise the title agreement (1 exact,
 * 0.75 subtitle/qualifier missing on one side). Use it to prefer exact hits.
 */
export function matchScore(book: MatchBook, candidate: MatchCandidate): number {
  return matchDetail(book, candidate).score;
}

/** True when the candidate's title and an author both match the book. */
export function candidateMatches(book: MatchBook, candidate: MatchCandidate): boolean {
  return matchScore(book, candidate) > 0;
}
