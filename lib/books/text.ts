/**
 * Text normalisation shared by duplicate detection (`dedupKeyFor`) and cover match scoring
 * (`normalizeTitle`, `normalizeAuthor`).
 * Pure functions, no framework imports.
 */

/** Lower-case, strip accents and punctuation, collapse white space. */
export function normalizeText(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/\s+/g, " ");
}

/** Removes a series suffix such as "(The Secrets of Droon, #7.5)" or "[Series #3]". */
export function stripSeriesSuffix(title: string): string {
  return title.replace(/\s*[([][^()[\]]*#\s*\d+(?:\.\d+)?[^()[\]]*[)\]]\s*$/u, "").trim();
}

/** Removes a subtitle introduced by ":" or " - " / " — ". */
export function stripSubtitle(title: string): string {
  return title.split(/\s*:\s+|\s+[-–—]\s+/u)[0].trim();
}

/** Title reduced to what identifies the work: no series suffix, no subtitle, no leading article. */
export function normalizeTitle(title: string): string {
  const base = normalizeText(stripSubtitle(stripSeriesSuffix(title)));
  return base.replace(/^(the|a|an) /, "");
}

/** Author name normalised; "Last, First" becomes "first last". Initials keep their letters. */
export function normalizeAuthor(author: string): string {
  let a = author.trim();
  const lastFirst = /^([^,]+),\s*([^,]+)$/.exec(a);
  if (lastFirst) a = `${lastFirst[2]} ${lastFirst[1]}`;
  return normalizeText(a);
}

/**
 * The title as the duplicate key sees it: the whole title, subtitle included ("Dune: House
 * Atreides" and "Dune: House Harkonnen" stay two books), without a Goodreads-style series suffix
 * or a leading article, lower-cased, accents and punctuation dropped. Symbols and emoji are kept
 * as text ("C++" is not "C", "📚" is not "📖"), and a title made only of punctuation ("!!!") keys
 * on those characters instead of becoming empty. Unlike {@link normalizeTitle}, which the cover
 * matcher uses, it never cuts the subtitle.
 */
export function dedupTitleKey(title: string): string {
  const base = stripSeriesSuffix(title.trim()) || title.trim();
  const words = base
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    // Letters, digits and symbols (emoji included) are the title's text; "|" separates the key's parts.
    .replace(/[^\p{L}\p{N}\p{S}]+|\|/gu, " ")
    .trim()
    .replace(/\s+/g, " ");
  if (words !== "") return words.replace(/^(the|a|an) (?=.)/u, "");
  // Only punctuation: the characters themselves are what tells two such titles apart.
  return base.normalize("NFC").toLowerCase().replace(/\|/g, "\u2223").replace(/\s+/g, " ");
}

/** The first of several authors joined with " & " or ";" (Calibre's and many lists' separators). */
export function firstListedAuthor(author: string): string {
  return author.split(/\s+&\s+|\s*;\s*/u)[0] ?? "";
}

/**
 * Invisible and format characters (soft hyphen U+00AD, zero-width joiners U+200C/U+200D, word
 * joiner U+2060, bidirectional marks and overrides, variation selectors, BOM…: Unicode's
 * Default_Ignorable_Code_Point set) change nothing a reader sees, so the duplicate key ignores them:
 * "Du\u2060ne" is "Dune".
 */
export function foldInvisible(text: string): string {
  return text.replace(/\p{Default_Ignorable_Code_Point}/gu, "");
}

/**
 * Key for "same book" detection when no ISBN or source id is shared: the whole normalised title
 * ({@link dedupTitleKey}) and the normalised first author, invisible characters folded out
 * ({@link foldInvisible}). Two rows with the same key are the
 * same book only when their ISBNs do not conflict (see lib/import/sameBook.ts).
 */
export function dedupKeyFor(title: string, author: string): string {
  return `${dedupTitleKey(foldInvisible(title))}|${normalizeAuthor(firstListedAuthor(foldInvisible(author)))}`;
}
