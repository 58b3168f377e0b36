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
 * - `withoutArticles`: normalised text without the English articles, which sources drop or add anywhere in a
 *   title ("Batman: The Killing Joke" / "Batman: Killing Joke").
 */
import { normalizeText } from "../books/text";

const ARTICLES = new Set(["the", "a", "an"]);

/** Normalised text without "the", "a" and "an"; unchanged when nothing else is left ("A"). */
export function withoutArticles(normalized: string): string {
  const words = normalized.split(" ").filter((w) => w !== "" && !ARTICLES.has(w));
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

/** "(Series, #3)", "(Series #3.5)", "[Series, Book 2]", "(Series, Vol. 4)", "(Series, Part 1)" at the end. */
const SERIES_SUFFIX = /\s*[([](?:([^()[\]]*?)[,\s]\s*)?(?:#\s*|(?:book|vol\.?|volume|part)\s+)(\d+(?:\.\d+)?)[^()[\]]*[)\]]$/iu;

export interface SeriesSplit {
  /** The title without the series marker. */
  title: string;
  /** The series name, normalised ("" when the title has no series marker or the marker names none). */
  series: string;
  /** The position in the series ("" when the title has no series marker). */
  position: string;
}

/**
 * Splits a trailing series marker off a (cleaned) title. A bare "(Part 2)" or "(Book 2)" without a
 * series name stays in the title (it tells parts apart); a bare "(#2)" is a series marker.
 */
export function splitSeriesSuffix(title: string): SeriesSplit {
  const m = SERIES_SUFFIX.exec(title);
  if (!m || m.index === 0) return { title, series: "", position: "" };
  const series = normalizeText(m[1] ?? "");
  if (!series && !m[0].includes("#")) return { title, series: "", position: "" };
  return { title: title.slice(0, m.index).trim(), series, position: m[2] };
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
 * The title a search sends: cleaned, no series marker, no leading series name, no subtitle.
 * "Mistborn: The Final Empire (Mistborn, #1)" -> "The Final Empire".
 */
export function searchTitleText(title: string): string {
  const { title: bare, series } = splitSeriesSuffix(cleanTitle(title));
  const base = withoutSeriesPrefix(bare, [series]) ?? bare;
  return splitSubtitle(base).main.trim();
}
