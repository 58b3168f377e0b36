/**
 * Text normalisation shared by duplicate detection and cover match scoring.
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

/** Key for "same book" detection when no ISBN is shared: normalised title + author. */
export function dedupKeyFor(title: string, author: string): string {
  return `${normalizeTitle(title)}|${normalizeAuthor(author)}`;
}
