/**
 * Series numbering written into a title's text, in the forms shops, catalogues and reading lists use across
 * languages (issue 19):
 *
 * - before the book's own title: "Naruto, Vol. 01: Uzumaki Naruto", "Cazadores de sombras 1: Ciudad de hueso",
 *   "Die Tribute von Panem 1. Tödliche Spiele", "Lucky Luke, Tome 1 : La Diligence", "Naruto 1: Band 1";
 * - after it: "Cazadores de sombras: Ciudad de hueso. 1", "Naruto, Band 01", "Batman: Earth One, Volume 1".
 *
 * A number is at most three digits (a year is never a series number) and must be set off by a comma, a full stop,
 * white space, "#" or a volume word, so "Catch-22" keeps its number. Which of these readings is trusted is
 * decided in match.ts.
 */

/** "Volume" in the languages readers' files come in, abbreviated or not (matched case-insensitively). */
export const VOLUME_WORD =
  "(?:book|bk\\.?|vol\\.?|volume|volumen|part|pt\\.?|libro|tomo|tome|t\\.|band|bd\\.?|teil|deel|boek|livro|tom|del|bok|bind|osa|kirja|cilt|kniha|d[ií]l|n[°º]|no\\.)";

const NUMBER = "(\\d{1,3}(?:\\.\\d+)?)";

/** "Series[,] [volume word|#]N<: | . | - >Title". */
const LEADING = new RegExp(
  `^(.*?\\p{L}.*?)(?:,\\s*|\\s+)(?:${VOLUME_WORD}\\s*|#\\s*)?${NUMBER}\\s*(?::|\\.(?=\\s)|\\s[-–—])\\s*(.+)$`,
  "iu",
);

/** "Title<, | . | space>[volume word|#]N" at the end. */
const TRAILING = new RegExp(
  `^(.*?\\p{L}.*?)(?:,\\s*(?:${VOLUME_WORD}\\s*)?|\\.\\s+(?:${VOLUME_WORD}\\s*)?|\\s+(?:${VOLUME_WORD}\\s*|#\\s*)?)${NUMBER}$`,
  "iu",
);

/** A volume marker and nothing else: "Band 1", "Vol. 01", "#1", "1". */
const BARE_MARKER = new RegExp(`^(?:${VOLUME_WORD}\\s*|#\\s*)?${NUMBER}$`, "iu");

export interface LeadingNumber {
  /** The series name as written. */
  series: string;
  position: string;
  /** The book's own title as written (may itself be a bare volume marker: "Band 1"). */
  title: string;
}

/** "Cazadores de sombras 1: Ciudad de hueso" -> series "Cazadores de sombras", 1, "Ciudad de hueso"; null when no such form. */
export function splitLeadingNumber(text: string): LeadingNumber | null {
  const m = LEADING.exec(text.trim());
  return m ? { series: m[1].trim(), position: m[2], title: m[3].trim() } : null;
}

/** "Cazadores de sombras: Ciudad de hueso. 1" -> rest "Cazadores de sombras: Ciudad de hueso", 1; null when no such form. */
export function splitTrailingNumber(text: string): { rest: string; position: string } | null {
  const m = TRAILING.exec(text.trim());
  return m ? { rest: m[1].trim(), position: m[2] } : null;
}

/** The number of a text that is only a volume marker ("Band 1" -> "1"), or null. */
export function bareVolumeNumber(text: string): string | null {
  return BARE_MARKER.exec(text.trim())?.[1] ?? null;
}

/** Series positions compare as numbers: "01" is "1", "3.5" is "3.50". */
export function samePosition(a: string, b: string): boolean {
  return a !== "" && b !== "" && Number(a) === Number(b);
}

/** A series and a position a title states, normalised. */
export interface Numbering {
  series: string;
  position: string;
}

/** One way a title may be written, and the series position it stands for. */
export interface NumberedForm {
  text: string;
  /** The position this form stands for ("" when none). */
  position: string;
  /**
   * The form exists only by reading a trailing number as a series position ("Naruto, Band 01" -> "Naruto"), so
   * it may only meet a form with that same position: "Naruto" alone is not volume 1.
   */
  needsPosition: boolean;
}

/** What a title's text and series marker say about its place in a series. */
export interface TitleNumbering {
  /** Every series/position pair the title states (marker, leading number, trailing number). */
  numberings: Numbering[];
  /** The title's text as given, and without a leading or trailing series number. */
  forms: NumberedForm[];
  /** The series name written before a leading number, normalised ("" when none). */
  leadingSeries: string;
  /** The leading number was followed by a bare volume marker ("Naruto 1: Band 1"): the volume has no title of its own. */
  leadingIsBare: boolean;
  /** The trailing number's rest, normalised ("" when none), and its position. */
  trailing: Numbering | null;
}

/**
 * Reads the numbering of a title whose series marker (`markerSeries`, `markerPosition`, both possibly "") was
 * already split off `text`. `normalize` is the matcher's text normalisation.
 */
export function readTitleNumbering(
  text: string,
  markerSeries: string,
  markerPosition: string,
  normalize: (s: string) => string,
): TitleNumbering {
  const numberings: Numbering[] = [];
  const forms: NumberedForm[] = [{ text, position: markerPosition, needsPosition: false }];
  if (markerSeries && markerPosition) numberings.push({ series: normalize(markerSeries), position: markerPosition });
  const leading = splitLeadingNumber(text);
  const leadingIsBare = leading !== null && samePosition(bareVolumeNumber(leading.title) ?? "", leading.position);
  if (leading) {
    numberings.push({ series: normalize(leading.series), position: leading.position });
    if (!leadingIsBare) forms.push({ text: leading.title, position: leading.position, needsPosition: false });
  }
  const split = splitTrailingNumber(text);
  const trailing = split ? { series: normalize(split.rest), position: split.position } : null;
  if (split && trailing) {
    numberings.push(trailing);
    forms.push({ text: split.rest, position: split.position, needsPosition: true });
  }
  return { numberings, forms, leadingSeries: leading ? normalize(leading.series) : "", leadingIsBare, trailing };
}

/**
 * The series/position of a volume that has no title of its own ("Naruto 1: Band 1", "Naruto, Band 01" in the series
 * Naruto, "Naruto (Naruto, #1)"), or null. `seriesNames` are the series known from either side, normalised.
 */
export function untitledVolume(
  n: TitleNumbering,
  normalizedText: string,
  marker: Numbering | null,
  seriesNames: readonly string[],
): Numbering | null {
  if (n.leadingIsBare) return n.numberings.find((x) => x.series === n.leadingSeries) ?? null;
  if (n.trailing && seriesNames.includes(n.trailing.series)) return n.trailing;
  if (marker && marker.series === normalizedText) return marker;
  return null;
}

/** Two titles state different positions in the same series: they are different books. */
export function numberingsConflict(a: readonly Numbering[], b: readonly Numbering[]): boolean {
  return a.some((x) => b.some((y) => x.series === y.series && !samePosition(x.position, y.position)));
}

/** A form that stands only by its position meets only a form with that position. */
export function formsMayMeet(a: NumberedForm, b: NumberedForm): boolean {
  if (a.needsPosition && !samePosition(a.position, b.position)) return false;
  return !(b.needsPosition && !samePosition(a.position, b.position));
}
