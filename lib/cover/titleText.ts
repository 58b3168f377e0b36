/**
 * Title text as the cover matcher and the search queries see it. Matcher-specific on purpose: the
 * dedup key (lib/books/text.ts) has its own rules.
 *
 * - `cleanTitle`: full-width forms (a CJK "：" before a subtitle, "（…）") folded to ASCII, the stars
 *   and padding some Open Library records carry removed.
 * - `splitSeriesSuffix`: a trailing series marker, Goodreads' "(Mistborn, #1)" or Open Library's
 *   "(Mistborn, Book 1)", split off with its series name.
 * - `titleForms`: the ways a title may be written: as given, and without a leading series name
 *   ("Mistborn: The Final Empire" in the series "Mistborn" is also "The Final Empire").
 * - `splitEditionPhrase`: an edition named in the title (", 2d ed.", " - Second Edition") split off.
 * - `withoutArticles`: normalised text without the English articles, which sources drop or add anywhere in a
 *   title ("Batman: The Killing Joke" / "Batman: Killing Joke").
 */
import { normalizeText } from "../books/text";
import { bareVolumeNumber, splitLeadingNumber, VOLUME_WORD } from "./seriesNumbering";

const ARTICLES = new Set(["the", "a", "an"]);

/**
 * Normalised text without the articles "the", "a" and "an" before another word ("Vitamin A" keeps its "A");
 * unchanged when nothing else is left.
 */
export function withoutArticles(normalized: string): string {
  const all = normalized.split(" ").filter((w) => w !== "");
  const words = all.filter((w, i) => !(ARTICLES.has(w) && i < all.length - 1));
  return words.length > 0 ? words.join(" ") : normalized;
}

/** ":" or a dash between spaces: where a subtitle starts. */
export const SUBTITLE_SEPARATOR = /\s*:\s+|\s+[-–—]\s+/u;

/** Folds full-width punctuation (NFKC), makes a full-width colon a subtitle separator, drops stars and padding. */
export function cleanTitle(raw: string): string {
  return raw
    .replace(/\s*\uFF1A\s*/gu, ": ")
    .normalize("NFKC")
    .replace(/^[\s*]+|[\s*]+$/gu, "")
    .replace(/\s+/gu, " ");
}

/** A bracketed part that may hold brackets one level deep: "Nacidos de la Bruma [Mistborn]". */
const MARKER_NAME = "((?:[^()[\\]]|\\[[^()[\\]]*\\])*?)";

/** "(Series, #3)", "(Series #3.5)", "[Series, Book 2]", "(Series, Vol. 4)", "(Serie, tome 1)", "(Reihe, Band 1)" at the end. */
const SERIES_SUFFIX_WORD = new RegExp(
  `\\s*[([](?:${MARKER_NAME}[,\\s]\\s*)?(#\\s*|${VOLUME_WORD}\\s*)(\\d+(?:\\.\\d+)?)[^()[\\]]*[)\\]]$`,
  "iu",
);

/** "(Wax & Wayne 2)", "(Nacidos de la Bruma [Mistborn] 4)": a series name and a number of at most three digits. */
const SERIES_SUFFIX_BARE = new RegExp(
  `\\s*[([]${MARKER_NAME}[,\\s]\\s*(\\d{1,3}(?:\\.\\d+)?)(?:\\s*[-–]\\s*\\d{1,3})?[)\\]]$`,
  "u",
);

export interface SeriesSplit {
  /** The title without the series marker. */
  title: string;
  /** The series name, normalised ("" when the title has no series marker or the marker names none). */
  series: string;
  /** The position in the series ("" when the title has no series marker). */
  position: string;
}

/**
 * Splits a trailing series marker off a (cleaned) title. A bare "(Part 2)" or "(Book 2)" without a series name
 * stays in the title (it tells parts apart); a bare "(#2)" is a series marker; "(Name 2)" is one only with a name.
 */
export function splitSeriesSuffix(title: string): SeriesSplit {
  const none = { title, series: "", position: "" };
  const word = SERIES_SUFFIX_WORD.exec(title);
  if (word && word.index > 0) {
    const series = normalizeText(word[1] ?? "");
    if (!series && !word[2].includes("#")) return none;
    return { title: title.slice(0, word.index).trim(), series, position: word[3] };
  }
  const bare = SERIES_SUFFIX_BARE.exec(title);
  if (!bare || bare.index === 0) return none;
  const series = normalizeText(bare[1]);
  return series ? { title: title.slice(0, bare.index).trim(), series, position: bare[2] } : none;
}

/** ", 2d ed.", " - Second Edition", " Fourth Edition" before a subtitle separator or at the end. */
const EDITION_PHRASE =
  /(?:\s*,|\s+[-–—])?\s+((?:\d{1,3}(?:st|nd|rd|th|d)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|revised|updated|expanded)\s+(?:edition|ed\.?))(?=\s*(?::\s|\s[-–—]\s|$))/giu;

/**
 * `title` without the edition it names ("The Batman Filmography, 2d ed." -> "The Batman Filmography"), and that
 * edition normalised ("" when none). An edition names the same book.
 */
export function splitEditionPhrase(title: string): { title: string; edition: string } {
  let edition = "";
  const rest = title.replace(EDITION_PHRASE, (_all, phrase: string) => {
    edition ||= normalizeText(phrase);
    return "";
  });
  return rest.trim() ? { title: rest.trim(), edition } : { title, edition: "" };
}

/** The part before the first subtitle separator and the rest ("" when none). */
export function splitSubtitle(title: string): { main: string; subtitle: string } {
  const [main, ...rest] = title.split(SUBTITLE_SEPARATOR);
  return { main: main ?? "", subtitle: rest.join(": ") };
}

/**
 * `title` without a leading series name: "Mistborn: The Final Empire" -> "The Final Empire" when
 * "mistborn" is among `seriesNames`. Null when the title does not start with one of them.
 */
export function withoutSeriesPrefix(title: string, seriesNames: Iterable<string>): string | null {
  const { main, subtitle } = splitSubtitle(title);
  if (!subtitle.trim()) return null;
  const head = withoutArticles(normalizeText(main));
  for (const series of seriesNames) if (series && head === withoutArticles(series)) return subtitle.trim();
  return null;
}

/** The forms a cleaned, suffix-less title may take, given the series names known for it. */
export function titleForms(title: string, seriesNames: Iterable<string>): string[] {
  const dePrefixed = withoutSeriesPrefix(title, seriesNames);
  return dePrefixed ? [title, dePrefixed] : [title];
}

/**
 * The title a search sends: cleaned, no series marker, no leading series name or number, no subtitle.
 * "Mistborn: The Final Empire (Mistborn, #1)" -> "The Final Empire"; "Cazadores de sombras 1: Ciudad de hueso"
 * -> "Ciudad de hueso".
 */
export function searchTitleText(title: string): string {
  const { title: marked, series } = splitSeriesSuffix(cleanTitle(title));
  const bare = splitEditionPhrase(marked).title;
  let base = withoutSeriesPrefix(bare, [series]) ?? bare;
  const numbered = splitLeadingNumber(base);
  if (numbered && bareVolumeNumber(numbered.title) === null) base = numbered.title;
  return splitSubtitle(base).main.trim();
}
