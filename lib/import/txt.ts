/**
 * Plain-text lists: one book per line.
 *
 * - `Title by Author` (the last lower-case " by "), else `Title - Author` / `Title – Author` /
 *   `Title — Author` (the last spaced dash), else a bare title with author "" (the UI shows
 *   "Unknown author"; the cover search then works from the title alone).
 * - An ISBN-10/13 anywhere in the line (optionally written `ISBN: …`) is picked up and removed,
 *   with any brackets or separators it leaves behind.
 * - Blank lines and lines starting with `#` are skipped; list markers `1.`, `1)`, `-`, `*`, `•`
 *   followed by a space are stripped.
 * - Every book is want-to-read.
 */
import { findIsbnInText } from "../books/isbn";
import { cleanText } from "./cells";
import { tooManyRowsError } from "./limits";
import type { ImportError, ImportRow } from "./types";
import { validateRow } from "./validate";

const LIST_MARKER = /^(?:\d{1,4}[.)]|[-*•])(?:\s+|$)/u;
const DASH_SEPARATOR = /\s[-–—]\s/gu;
const LEFTOVER_BRACKETS = /[([{]\s*[)\]}]/g;
/** An "ISBN:" label left behind (findIsbnInText only takes an upper-case label along with the number). */
const LEFTOVER_LABEL = /\bISBN(?:-?1[03])?\s*:?(?=\s*(?:$|[)\]},;|]))/giu;
const EDGE_SEPARATORS = /^[\s,;:|/–—-]+|[\s,;:|/–—-]+$/gu;

export interface TxtLine {
  title: string;
  author: string;
  isbn?: string;
}

/** Splits one (non-blank, non-comment) line into title, author and ISBN. */
export function parseTxtLine(raw: string): TxtLine {
  let text = cleanText(raw).replace(LIST_MARKER, "");
  let isbn: string | undefined;
  const found = findIsbnInText(text);
  if (found) {
    isbn = found.isbn13;
    text = cleanText(text.replace(found.match, " ").replace(LEFTOVER_LABEL, " ").replace(LEFTOVER_BRACKETS, " ")).replace(
      EDGE_SEPARATORS,
      "",
    );
  }

  const by = text.lastIndexOf(" by ");
  if (by >= 0) {
    return { title: cleanText(text.slice(0, by)), author: cleanText(text.slice(by + 4)), isbn };
  }
  let lastDash: RegExpExecArray | undefined;
  for (const m of text.matchAll(DASH_SEPARATOR)) lastDash = m;
  if (lastDash) {
    const at = lastDash.index;
    return {
      title: cleanText(text.slice(0, at)),
      author: cleanText(text.slice(at + lastDash[0].length)),
      isbn,
    };
  }
  return { title: cleanText(text), author: "", isbn };
}

export function parseTxt(text: string, maxRows: number): { rows: ImportRow[]; errors: ImportError[]; bookLines: number } {
  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  const lines = text.split("\n");
  let bookLines = 0;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (++bookLines > maxRows) throw tooManyRowsError();
    const line = i + 1;
    const { title, author, isbn } = parseTxtLine(trimmed);
    const result = validateRow({ line, title, author, isbn, status: "want-to-read" });
    if (result.ok) rows.push(result.row);
    else errors.push({ line, reason: result.reason });
  }
  return { rows, errors, bookLines };
}
