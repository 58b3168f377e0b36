/**
 * Does a search result describe the reader's book? Used to accept title/author
 * search hits. Conservative by design: no cover is better than a wrong cover.
 *
 * Titles are compared after normalising case, accents, punctuation, a leading
 * article and Goodreads-style series suffixes ("(Series, #3)"). A subtitle or a
 * trailing "(…)" qualifier may be missing on one side, but when both sides have
 * one they must agree. Authors are compared name by name ("Last, First" order,
 * initials, middle names, "Jr."); any author of the book matching any author of
 * the candidate is enough, and a candidate without authors never matches.
 */
import { normalizeText, stripSeriesSuffix } from "../books/text";

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

interface TitleParts {
  /** Main title, normalised, without a leading article. */
  main: string;
  /** Subtitle, normalised ("" when none). */
  sub: string;
  /** Trailing bracketed qualifier such as "(Illustrated Edition)", normalised ("" when none). */
  qualifier: string;
  /** Main + subtitle, normalised, without a leading article. */
  full: string;
}

const SUBTITLE_SEPARATOR = /\s*:\s+|\s+[-–—]\s+/u;
const TRAILING_QUALIFIER = /\s*[([]([^()[\]]*)[)\]]\s*$/u;

function dropArticle(s: string): string {
  return s.replace(/^(?:the|a|an) /, "");
}

function titleParts(title: string, subtitle?: string): TitleParts {
  let t = stripSeriesSuffix(title.trim());
  let qualifier = "";
  const q = TRAILING_QUALIFIER.exec(t);
  if (q && q.index > 0) {
    qualifier = normalizeText(q[1]);
    t = t.slice(0, q.index).trim();
  }
  const [mainRaw, ...rest] = t.split(SUBTITLE_SEPARATOR);
  let subRaw = rest.join(" ");
  if (!normalizeText(subRaw) && subtitle) subRaw = stripSeriesSuffix(subtitle);
  const main = dropArticle(normalizeText(mainRaw ?? ""));
  const sub = normalizeText(subRaw);
  const full = dropArticle(normalizeText(`${mainRaw ?? ""} ${subRaw}`));
  return { main, sub, qualifier, full };
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
  /\b(?:graphic novel|comic|comics|manga|adaptation|adapted|study guide|guide to|summary|summaries|sparknotes|cliffsnotes|cliffs notes|companion|screenplay|workbook|analysis|coloring book|colouring book|activity book|quiz book|trivia)\b/u;

function namesDerivativeWork(part: string): boolean {
  return DERIVATIVE_WORK.test(part);
}

/** A subtitle or qualifier that only one side has and that names a derivative work. */
function derivativeOnOneSide(a: TitleParts, b: TitleParts): boolean {
  /** The words `mine` has beyond `theirs` (when `theirs` is empty or a word-prefix of it). */
  const beyond = (mine: string, theirs: string) =>
    mine === theirs ? "" : !theirs ? mine : mine.startsWith(`${theirs} `) ? mine.slice(theirs.length + 1) : "";
  const extraA = [beyond(a.sub, b.sub), beyond(a.qualifier, b.qualifier)];
  const extraB = [beyond(b.sub, a.sub), beyond(b.qualifier, a.qualifier)];
  return extraA.some(namesDerivativeWork) !== extraB.some(namesDerivativeWork);
}

/**
 * Title agreement: 1 for the same title, 0.75 when one side lacks (part of) a
 * subtitle or qualifier, 0 for different titles — including when only one side's
 * subtitle or qualifier names a derivative work ("The Graphic Novel", "Study Guide").
 */
export function titleMatchScore(bookTitle: string, candidateTitle: string, candidateSubtitle?: string): number {
  const a = titleParts(bookTitle);
  const b = titleParts(candidateTitle, candidateSubtitle);
  if (!a.main || !b.main) return 0;

  let subs: ReturnType<typeof optionalPartsAgree>;
  if (a.main === b.main) subs = optionalPartsAgree(a.sub, b.sub);
  else if (a.full === b.full) subs = "same";
  else return 0;
  if (subs === "conflict") return 0;

  const quals = optionalPartsAgree(a.qualifier, b.qualifier);
  if (quals === "conflict") return 0;
  if (derivativeOnOneSide(a, b)) return 0;
  return subs === "same" && quals === "same" ? 1 : 0.75;
}

/* --------------------------------------------------------------- authors */

const NAME_SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "phd", "md"]);
const NAME_PREFIXES = new Set(["dr", "prof", "sir", "dame"]);

/** "JRR Tolkien" -> "J R R Tolkien": 2-3 capital letters in a mixed-case name are initials. */
function expandInitialClusters(name: string): string {
  const words = name.trim().split(/\s+/);
  if (words.length < 2 || !/[a-z]/.test(name)) return name;
  return words.map((w, i) => (i < words.length - 1 && /^[A-Z]{2,3}$/.test(w) ? w.split("").join(" ") : w)).join(" ");
}

/** Normalised name tokens, given names first, without honorifics or "Jr." style suffixes. */
export function nameTokens(name: string): string[] {
  const cleaned = expandInitialClusters(name.replace(/\([^)]*\)|\[[^\]]*\]/g, " "));
  const tokens = normalizeText(cleaned).split(" ").filter(Boolean);
  while (tokens.length > 1 && NAME_SUFFIXES.has(tokens[tokens.length - 1])) tokens.pop();
  while (tokens.length > 1 && NAME_PREFIXES.has(tokens[0])) tokens.shift();
  // "Tolkien J R R" (surname first, initials after, no comma) -> "J R R Tolkien".
  if (tokens.length >= 2 && tokens[0].length > 1) {
    const rest = tokens.slice(1);
    if (rest.every((t) => t.length === 1)) return [...rest, tokens[0]];
  }
  return tokens;
}

/**
 * The names an author field may stand for. "Pratchett, Terry" is one name; "Neil
 * Gaiman, Terry Pratchett", "A & B", "A and B", "A; B" are several.
 */
export function splitAuthorNames(field: string): string[] {
  const names: string[] = [];
  for (const piece of field.split(/\s*(?:;|&|\band\b)\s*/i)) {
    const p = piece.replace(/\([^)]*\)/g, " ").trim();
    if (!p) continue;
    const commaParts = p
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (commaParts.length === 1) {
      names.push(commaParts[0]);
      continue;
    }
    const allFullNames = commaParts.every((s) => s.split(/\s+/).length >= 2);
    if (commaParts.length === 2) {
      const [last, first] = commaParts;
      // "Last, First" unless it is clearly two full names, where both readings are kept.
      if (!NAME_SUFFIXES.has(normalizeText(first))) names.push(`${first} ${last}`);
      else names.push(last);
      if (allFullNames) names.push(last, first);
    } else if (allFullNames) {
      names.push(...commaParts);
    } else {
      // "King, Martin Luther, Jr." and other ambiguous lists: read the first two parts as "Last, First".
      names.push(`${commaParts[1]} ${commaParts[0]}`);
    }
  }
  return names;
}

function tokenCompatible(x: string, y: string): boolean {
  if (x === y) return true;
  if (x.length === 1) return y.startsWith(x);
  if (y.length === 1) return x.startsWith(y);
  return false;
}

/** Every token of `shorter` matches a token of `longer`, in order. */
function isCompatibleSubsequence(shorter: readonly string[], longer: readonly string[]): boolean {
  let j = 0;
  for (const s of shorter) {
    while (j < longer.length && !tokenCompatible(s, longer[j])) j++;
    if (j === longer.length) return false;
    j++;
  }
  return true;
}

function givenNamesCompatible(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (!tokenCompatible(a[0], b[0])) return false;
  const [shorter, longer] = a.length <= b.length ? [a.slice(1), b.slice(1)] : [b.slice(1), a.slice(1)];
  return isCompatibleSubsequence(shorter, longer);
}

/** Two single names refer to the same person (as far as text can tell). */
export function namesMatch(a: string, b: string): boolean {
  const x = nameTokens(a);
  const y = nameTokens(b);
  if (x.length === 0 || y.length === 0) return false;
  if (x.length === 1 || y.length === 1) return x.length === y.length && x[0] === y[0];

  // Same surname (last token, or a two-word surname written as one word: "Le Guin" / "LeGuin").
  const splits: Array<[string[], string[]]> = [];
  if (x[x.length - 1] === y[y.length - 1]) splits.push([x.slice(0, -1), y.slice(0, -1)]);
  if (x.length >= 3 && x.slice(-2).join("") === y[y.length - 1]) splits.push([x.slice(0, -2), y.slice(0, -1)]);
  if (y.length >= 3 && y.slice(-2).join("") === x[x.length - 1]) splits.push([x.slice(0, -1), y.slice(0, -2)]);
  if (splits.some(([gx, gy]) => givenNamesCompatible(gx, gy))) return true;

  // Family name first ("Murakami Haruki"): the same full words in another order.
  const full = (t: string[]) => t.every((w) => w.length > 1);
  if (full(x) && full(y) && x.length === y.length) {
    const sx = [...x].sort().join(" ");
    const sy = [...y].sort().join(" ");
    if (sx === sy) return true;
  }
  return false;
}

/** Any author named in the book's author field matches any of the candidate's authors. */
export function authorsMatch(bookAuthor: string, candidateAuthors: readonly string[]): boolean {
  const ours = splitAuthorNames(bookAuthor);
  const theirs = candidateAuthors.flatMap((a) => (typeof a === "string" ? splitAuthorNames(a) : []));
  return ours.some((o) => theirs.some((t) => namesMatch(o, t)));
}

/* ----------------------------------------------------------------- both */

/**
 * 0 when the candidate is not the book; otherwise the title agreement (1 exact,
 * 0.75 subtitle/qualifier missing on one side). Use it to prefer exact hits.
 */
export function matchScore(book: MatchBook, candidate: MatchCandidate): number {
  if (!book.title?.trim() || !book.author?.trim()) return 0;
  if (typeof candidate.title !== "string" || !Array.isArray(candidate.authors)) return 0;
  const titleScore = titleMatchScore(book.title, candidate.title, candidate.subtitle);
  if (titleScore === 0) return 0;
  return authorsMatch(book.author, candidate.authors) ? titleScore : 0;
}

/** True when the candidate's title and an author both match the book. */
export function candidateMatches(book: MatchBook, candidate: MatchCandidate): boolean {
  return matchScore(book, candidate) > 0;
}
