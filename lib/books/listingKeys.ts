/**
 * The keys the library wall sorts, searches and filters by, derived from a book's fields and stored
 * on it (and on its shelf entries) so every order is an index range. Pure functions, no framework
 * imports.
 */

/** Sort keys keep this many characters: enough to order any real library, small in every index. */
export const SORT_KEY_MAX_LENGTH = 64;

const LEADING_ARTICLE = /^(the|a|an) /;
/** Surname particles that sort with the surname ("Le Guin", "van Gogh", "de la Cruz"). */
const PARTICLES = new Set(["van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "st", "ter", "ten"]);
const NAME_SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv"]);

/** Lower case, accents folded, "O'Brien" and "El-Mohtar" kept whole, other punctuation to spaces. */
function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/(?<=\p{L})['’-](?=\p{L})/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Numbers compare by value ("Book 9" before "Book 10"): every digit run padded to 6 digits. */
function padNumbers(s: string): string {
  return s.replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, "").padStart(6, "0"));
}

function clip(s: string): string {
  return [...s].slice(0, SORT_KEY_MAX_LENGTH).join("");
}

/**
 * Title order as a library shelves it: case and accents ignored, a leading "The", "A" or "An"
 * skipped, numbers by value. A title of only symbols or emoji keeps its own characters.
 */
export function titleSortKey(title: string): string {
  const folded = fold(title).replace(LEADING_ARTICLE, "");
  return clip(padNumbers(folded === "" ? title.trim().toLowerCase() : folded));
}

/** "Frank", "Ursula K.", "J. R. R.": one given name, then only initials (so not another person). */
function looksLikeGivenNames(s: string): boolean {
  const words = s.trim().split(/\s+/).filter(Boolean);
  return words.length > 0 && words.slice(1).every((w) => /^\p{L}\.?$/u.test(w) || w.endsWith("."));
}

/** "ursula k le guin" -> "le guin ursula k": the last word (with its particles) first, suffixes dropped. */
function surnameFirst(folded: string): string {
  const words = folded.split(" ").filter(Boolean);
  while (words.length > 1 && NAME_SUFFIXES.has(words[words.length - 1])) words.pop();
  if (words.length <= 1) return words.join("");
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1])) start--;
  return [...words.slice(start), ...words.slice(0, start)].join(" ");
}

/**
 * Author order by surname: "Ursula K. Le Guin" sorts as "le guin ursula k", "Herbert, Frank" as
 * "herbert frank". Only the first author counts: "A & B", "A and B", "A; B" and "A B, C D" name
 * several people, while "Last, First" (given names then only initials) is one.
 */
export function authorSortKey(author: string): string {
  const first = author.split(/\s*(?:&|;|\band\b)\s*/i)[0] ?? "";
  const comma = first.indexOf(",");
  if (comma === -1) return clip(surnameFirst(fold(first)));
  const last = first.slice(0, comma);
  const given = first.slice(comma + 1).split(",")[0];
  if (looksLikeGivenNames(given)) return clip(`${fold(last)} ${fold(given)}`.trim());
  return clip(surnameFirst(fold(last)));
}

/** What the search index reads: the title and the author, as the reader typed them. */
export function searchTextFor(title: string, author: string): string {
  return author === "" ? title : `${title} ${author}`;
}

/**
 * When the book joined the library, in epoch ms: the imported "date added" (YYYY-MM-DD, UTC
 * midnight) when there is one, so an imported library keeps its own order; otherwise when it was
 * created here.
 */
export function addedAtFor(dateAdded: string | undefined, createdAt: number): number {
  const match = dateAdded === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateAdded);
  if (!match) return createdAt;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isFinite(time) ? time : createdAt;
}

/** A shelf's identity: shelves differing only in case or surrounding spaces are one shelf. */
export function shelfKeyFor(name: string): string {
  return name.normalize("NFKC").trim().toLowerCase();
}

export interface ListingKeys {
  titleKey: string;
  authorKey: string;
  searchText: string;
  addedAt: number;
}

/** Every stored listing key of a book. */
export function listingKeysFor(book: { title: string; author: string; dateAdded?: string; createdAt: number }): ListingKeys {
  return {
    titleKey: titleSortKey(book.title),
    authorKey: authorSortKey(book.author),
    searchText: searchTextFor(book.title, book.author),
    addedAt: addedAtFor(book.dateAdded, book.createdAt),
  };
}
