/**
 * Whether a file looks like a book list at all. A reader who picks the wrong file (a log, random
 * text, a dump of codes) should hear so in one sentence, not get "more than 10,000 books" or
 * thousands of "Title is longer than 300 characters" rows.
 *
 * A line looks like a book when one of its cells (the whole line for a list) reads like a title or
 * a name: words of letters, not a long run of symbols; or when it holds an ISBN. Only the first
 * lines are looked at, so the check costs the same for any size of file.
 */
import { readIsbnText } from "./fields";
import { ImportFileError } from "./errors";
import { replaceLinks } from "./txt";

const SAMPLE_LINES = 2_000;
/** Below this share of book-like lines, the file is not a book list. */
const MIN_BOOK_SHARE = 0.1;
/** Fewer sampled lines than this say too little to refuse a file. */
const MIN_SAMPLE = 20;

const WORD = /^[\p{L}\p{M}\p{N}'’.,:;!?()&"«»“”\-–—/#+]+$/u;

/** Text that reads like a title or a name: mostly letters, in words of sensible length. */
export function looksLikeBookText(raw: string): boolean {
  const text = raw.trim().replace(/^["']|["']$/g, "");
  if (text === "" || text.length > 300) return false;
  const tokens = text.split(/\s+/);
  if (tokens.some((t) => t.length > 30)) return false;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  // Symbols other than digits and the punctuation titles use: rare in titles, a third of random text.
  const symbols = (text.match(/[^\p{L}\p{M}\p{N}\s.,:;'’!?&()"“”«»\-–—]/gu) ?? []).length;
  if (letters < 3 || letters / (letters + symbols) < 0.8) return false;
  let words = 0;
  let other = 0;
  for (const token of tokens) {
    if (/\p{L}/u.test(token)) {
      if (WORD.test(token)) words++;
      else other++;
    } else if (!/^[\p{N}\p{P}]{1,10}$/u.test(token)) other++; // "12", "#3", "—" say nothing either way
  }
  return words > 0 && words / (words + other) >= 0.6;
}

export function lineLooksLikeBook(line: string, delimiter: string | undefined): boolean {
  // A list line may be cells too: "Title | Author | ISBN", "Title; Author", a Markdown table row.
  const cells = delimiter
    ? line.split(delimiter)
    : replaceLinks(line)
        .replace(/<?\bhttps?:\/\/[^\s>]+>?/gi, " ")
        .replace(/^\s*(?:[-*+•]|\d{1,4}[.)])\s+/, "")
        .replace(/^\[[ xX]\]\s+/, "")
        .replace(/[*_~`]+/g, "")
        .split(/\s+\|\s+|^\|\s*|\s*\|$|;\s+/);
  return cells.some((cell) => looksLikeBookText(cell) || readIsbnText(cell.replace(/"/g, "")).ok);
}

export function notABookListError(): ImportFileError {
  return new ImportFileError(
    "not-a-book-list",
    "Almost nothing in this file looks like a list of books (titles, authors or ISBNs), so Folio did not import it: check that you chose your library's export.",
  );
}

/**
 * Throws "not-a-book-list" when fewer than 10% of the file's first 2,000 non-blank lines look like
 * a book. `delimiter` splits CSV lines into cells (undefined for lists).
 */
export function assertLooksLikeBookList(text: string, delimiter?: string): void {
  let sampled = 0;
  let books = 0;
  let from = 0;
  while (sampled < SAMPLE_LINES && from < text.length) {
    const end = text.indexOf("\n", from);
    const line = text.slice(from, end === -1 ? text.length : end);
    from = end === -1 ? text.length : end + 1;
    const trimmed = line.trim();
    // Blank lines, comments and headings, rules: a list's markup, neither a book nor a sign against.
    if (trimmed === "" || (!delimiter && /^(?:#|<!--|[-*_=~|:\s]{3,}$)/.test(trimmed))) continue;
    sampled++;
    if (lineLooksLikeBook(line, delimiter)) books++;
  }
  if (sampled >= MIN_SAMPLE && books / sampled < MIN_BOOK_SHARE) throw notABookListError();
}
