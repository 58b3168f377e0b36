/**
 * Plain-text and Markdown reading lists: one book per line.
 *
 * A line is, after Markdown is taken off (list markers `-` `*` `+` `•` `1.` `1)`, task boxes
 * `[ ]`/`[x]`, quotes `>`, emphasis, `[Title](url)` links):
 * - `Title | Author | …` or `Title; Author; …` (cells; a later cell may hold the ISBN, a status
 *   word or a rating), or a Markdown table row (columns named by the table's header when it has one);
 * - else `Title by Author` (the last lower-case " by "), else `Title - Author` / `–` / `—` (the last
 *   spaced dash), else a bare title with author "" (the UI shows "Unknown author").
 * An ISBN-10/13 anywhere in the line (optionally written `ISBN: …`) is taken and removed.
 * A rating at the end of a line ("★★★★½", "4/5") is taken too. Blank lines, headings and `#`
 * comments, separators (`---`, `***`), table rules (`|---|`), front matter, HTML comments, labels
 * ending with ":" and bare URLs are skipped, not imported as books. Books are want-to-read
 * unless a task box is ticked (read) or a cell says otherwise.
 */
import { findIsbnInText } from "../books/isbn";
import { isValidRating } from "../books/rating";
import { cleanText, isDidNotFinishName, parseStatusCell } from "./cells";
import { readDateText } from "./dates";
import { inferColumnMapping } from "./csv";
import { readIsbnText, readRatingText } from "./fields";
import { tooManyRowsError } from "./limits";
import type { BookStatus, ColumnMapping, ImportError, ImportRow, ImportWarning } from "./types";
import { acceptRow } from "./validate";

const LIST_MARKER = /^(?:\d{1,4}[.)]|[-*+•])(?:\s+|$)/u;
const TASK_BOX = /^\[([ xX])\]\s+/;
const BLOCKQUOTE = /^(?:>\s?)+/;
const DASH_SEPARATOR = /\s[-–—]\s/gu;
const LEFTOVER_BRACKETS = /[([{]\s*[)\]}]/g;
/** An "ISBN:" label left behind (findIsbnInText only takes an upper-case label along with the number). */
const LEFTOVER_LABEL = /\bISBN(?:-?1[03])?\s*:?(?=\s*(?:$|[)\]},;|]))/giu;
const EDGE_SEPARATORS = /^[\s,;:|/–—-]+|[\s,;:|/–—-]+$/gu;
const URL = /<?\bhttps?:\/\/[^\s>]+>?/gi;
const BARE_URL = /^<?(?:https?:\/\/|www\.)\S+>?$/i;
const SEPARATOR_LINE = /^(?:[-*_=~]\s*){3,}$/;
const TABLE_RULE = /^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$/;
const HTML_COMMENT = /^<!--.*-->$/;
/** A label such as "Fiction I want to get to:" introduces the books below it. */
const LABEL_LINE = /:\s*$/;
/** A rating at the end of a line: "★★★★½", "(4/5)", "- 4.5/5". */
const TRAILING_RATING = /\s+(?:[-–—|]\s*)?\(?([★☆½]+|\d(?:[.,]\d+)?\s*\/\s*(?:5|10))\)?$/u;

export interface TxtLine {
  title: string;
  author: string;
  isbn?: string;
  status?: BookStatus;
  rating?: number;
}

/** Emphasis markers around words: **Dune**, __Dune__, *Dune*, _Dune_. */
function stripEmphasis(text: string): string {
  return text
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/(^|[\s(])([*_])(?=\S)(.+?)(?<=\S)\2(?=$|[\s).,;:!?])/g, "$1$3");
}

/**
 * `[text](url)` and `![alt](url)` become their text. The URL may hold balanced parentheses
 * (`https://en.wikipedia.org/wiki/Dune_(novel)`), so it is scanned, not matched by a pattern.
 */
export function replaceLinks(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("[", i);
    if (open === -1) break;
    const close = text.indexOf("](", open + 1);
    if (close === -1 || text.slice(open + 1, close).includes("[")) {
      out += text.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    let depth = 1;
    let end = close + 2;
    if (text[end] === "<") {
      // `<url with spaces>`: the URL ends at its ">", a title may follow.
      const angle = text.indexOf(">", end);
      end = angle === -1 ? text.length : angle + 1;
    }
    for (; end < text.length && depth > 0; end++) {
      if (text[end] === "(") depth++;
      else if (text[end] === ")") depth--;
      else if (text[end] === " " && text[end + 1] !== '"') break;
    }
    if (depth !== 0) {
      out += text.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    const image = open > 0 && text[open - 1] === "!";
    out += text.slice(i, image ? open - 1 : open) + text.slice(open + 1, close);
    i = end;
  }
  return out + text.slice(i);
}

/** Markdown and list decoration off the line; a ticked task box means read. */
function stripMarkup(raw: string): { text: string; status?: BookStatus } {
  let text = cleanText(raw).replace(BLOCKQUOTE, "").replace(LIST_MARKER, "");
  let status: BookStatus | undefined;
  const box = TASK_BOX.exec(text);
  if (box) {
    status = box[1] === " " ? "want-to-read" : "read";
    text = text.slice(box[0].length);
  }
  text = stripEmphasis(replaceLinks(text).replace(URL, " "));
  return { text: cleanText(text), status };
}

/** Takes an ISBN out of the text, with any brackets, label or separators it leaves behind. */
function takeIsbn(text: string): { text: string; isbn?: string } {
  const found = findIsbnInText(text);
  if (!found) return { text };
  const rest = cleanText(text.replace(found.match, " ").replace(LEFTOVER_LABEL, " ").replace(LEFTOVER_BRACKETS, " "));
  return { text: rest.replace(EDGE_SEPARATORS, ""), isbn: found.isbn13 };
}

/** "Title by Author", else "Title - Author", else a bare title. */
function splitTitleAuthor(text: string): { title: string; author: string } {
  const by = text.lastIndexOf(" by ");
  if (by >= 0) return { title: cleanText(text.slice(0, by)), author: cleanText(text.slice(by + 4)) };
  let lastDash: RegExpExecArray | undefined;
  for (const m of text.matchAll(DASH_SEPARATOR)) lastDash = m;
  if (lastDash) {
    const at = lastDash.index;
    return { title: cleanText(text.slice(0, at)), author: cleanText(text.slice(at + lastDash[0].length)) };
  }
  return { title: cleanText(text), author: "" };
}

/** A star rating written in a list: "4/5", "4.5 stars", "★★★★", "★★★½". */
function ratingFromText(cell: string): number | undefined {
  const stars = /^([★]+)(½)?[☆]*$/u.exec(cell);
  if (stars) return [...stars[1]].length + (stars[2] ? 0.5 : 0);
  if (!/\/\s*(?:5|10)$|stars?$/i.test(cell)) return undefined;
  const n = readRatingText(cell);
  return n !== undefined && isValidRating(n) ? n : undefined;
}

/** The cells after title and author: an ISBN, a status word or a rating each. */
function readExtraCells(cells: readonly string[], line: TxtLine): void {
  for (const cell of cells) {
    if (cell === "") continue;
    const isbn = readIsbnText(cell);
    if (isbn.ok && !line.isbn) {
      line.isbn = isbn.isbn13;
      continue;
    }
    const status = parseStatusCell(cell);
    if (status.recognised && !line.status) {
      line.status = status.status;
      continue;
    }
    const rating = ratingFromText(cell);
    if (rating !== undefined && line.rating === undefined) line.rating = rating;
  }
}

/** Splits one (non-blank, non-comment) line into title, author and, where written, ISBN, status and rating. */
export function parseTxtLine(raw: string): TxtLine {
  const { text: plain, status } = stripMarkup(raw);
  const cells = / \| |;/.test(plain) ? plain.split(/\s+\|\s+|\s*;\s*/).map((c) => cleanText(c)) : undefined;
  if (cells && cells.length > 1) {
    const line: TxtLine = { ...takeIsbnInto(cells[0]), author: "" };
    const second = takeIsbn(cells[1]);
    line.author = second.text;
    line.isbn ??= second.isbn;
    if (status) line.status = status;
    readExtraCells(cells.slice(2), line);
    if (line.author === "") Object.assign(line, splitTitleAuthor(line.title));
    return compactLine(line);
  }
  const { text: withoutIsbn, isbn } = takeIsbn(plain);
  const rated = TRAILING_RATING.exec(withoutIsbn);
  const rating = rated ? ratingFromText(rated[1].replace(/\s+/g, "")) : undefined;
  const text = rated && rating !== undefined ? withoutIsbn.slice(0, rated.index) : withoutIsbn;
  return compactLine({
    ...splitTitleAuthor(text),
    isbn,
    ...(status ? { status } : {}),
    ...(rating !== undefined ? { rating } : {}),
  });
}

function takeIsbnInto(cell: string): { title: string; isbn?: string } {
  const { text, isbn } = takeIsbn(cell);
  return { title: text, isbn };
}

function compactLine(line: TxtLine): TxtLine {
  const out: TxtLine = { title: line.title, author: line.author, isbn: line.isbn };
  if (line.status) out.status = line.status;
  if (line.rating !== undefined) out.rating = line.rating;
  return out;
}

/** What kind of line this is for the list reader. */
type LineKind = "skip" | "section" | "table-rule" | "table-row" | "book";

/** `----------CURRENT----------`, `=== Finished ===`, `** TBR **`: a label between decoration. */
const DECORATED_LABEL = /^[-=*_~#+•·]{2,}\s*([^-=*_~#+•·][^]*?)\s*[-=*_~#+•·]{2,}$/u;
/** `Updated 1/20/25`, `Last edited: March 2024`, `As of 2025-01-20`: a note about the list itself. */
const STAMP_LINE = /^(?:last\s+)?(?:updated|edited|revised|modified|as of)\b.*\d/i;

function lineKind(trimmed: string): LineKind {
  if (trimmed === "" || HTML_COMMENT.test(trimmed) || STAMP_LINE.test(trimmed)) return "skip";
  if (trimmed.startsWith("#") || LABEL_LINE.test(trimmed) || DECORATED_LABEL.test(trimmed)) return "section";
  if (SEPARATOR_LINE.test(trimmed) || BARE_URL.test(trimmed)) return "skip";
  if (trimmed.startsWith("|")) return TABLE_RULE.test(trimmed) ? "table-rule" : "table-row";
  if (readDateText(trimmed).ok) return "skip";
  return "book";
}

/** Section names that say how the books under them stand, compared without case, spacing or punctuation. */
const SECTION_STATUSES: Record<string, BookStatus> = {
  current: "currently-reading",
  currently: "currently-reading",
  currentlyreading: "currently-reading",
  nowreading: "currently-reading",
  reading: "currently-reading",
  readingnow: "currently-reading",
  inprogress: "currently-reading",
  finished: "read",
  read: "read",
  done: "read",
  completed: "read",
  booksread: "read",
  alreadyread: "read",
  haveread: "read",
  toread: "want-to-read",
  tbr: "want-to-read",
  wanttoread: "want-to-read",
  upnext: "want-to-read",
  next: "want-to-read",
  wishlist: "want-to-read",
  someday: "want-to-read",
  dnf: "did-not-finish",
  didnotfinish: "did-not-finish",
  abandoned: "did-not-finish",
  gaveup: "did-not-finish",
};

/**
 * The status a heading or label names (`Currently Reading:`, `## Finished`, `---CURRENT---`,
 * `Read in 2024 (12):`), or undefined for one that names none (`Fiction:`).
 */
export function sectionStatus(trimmed: string): BookStatus | undefined {
  const decorated = DECORATED_LABEL.exec(trimmed);
  const text = (decorated ? decorated[1] : trimmed)
    .replace(/^#+\s*/, "")
    .replace(/:\s*$/, "")
    .replace(/\(\s*\d+\s*\)\s*$/, "")
    .replace(/\b(?:in|during|for)\s+\d{4}\b|\b\d{4}\b/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
  if (text === "") return undefined;
  return SECTION_STATUSES[text] ?? (isDidNotFinishName(text) ? "did-not-finish" : undefined);
}

function tableCells(trimmed: string): string[] {
  return trimmed
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => cleanText(stripMarkup(c).text));
}

/** A Markdown table's header: which cell holds what (by the header's names, else title then author). */
interface TableHeader {
  headers: string[];
  mapping: ColumnMapping;
}

function tableHeader(cells: string[]): TableHeader {
  const mapping = inferColumnMapping(cells);
  if (mapping.title !== undefined) return { headers: cells, mapping };
  return { headers: cells, mapping: { title: cells[0], ...(cells.length > 1 ? { author: cells[1] } : {}) } };
}

/** A Markdown table row as a line: its cells by the header's mapping, else title then author. */
function tableRowLine(cells: readonly string[], header: TableHeader | undefined): TxtLine {
  const indexOf = (field: keyof ColumnMapping, fallback: number) => {
    if (!header) return fallback;
    const name = header.mapping[field];
    return name === undefined ? -1 : header.headers.indexOf(name);
  };
  const iTitle = indexOf("title", 0);
  const iAuthor = indexOf("author", 1);
  const titled = takeIsbn(cells[iTitle] ?? "");
  const line: TxtLine = { title: titled.text, author: iAuthor >= 0 ? (cells[iAuthor] ?? "") : "", isbn: titled.isbn };
  readExtraCells(
    cells.filter((_, i) => i !== iTitle && i !== iAuthor),
    line,
  );
  return compactLine(line);
}

/** Front matter: a `---` first line opens it, the next `---` closes it. */
function frontMatterEnd(lines: readonly string[]): number {
  const first = lines.findIndex((l) => l.trim() !== "");
  if (first < 0 || lines[first].trim() !== "---") return 0;
  for (let i = first + 1; i < lines.length; i++) if (lines[i].trim() === "---") return i + 1;
  return 0;
}

export function parseTxt(
  text: string,
  maxRows: number,
): { rows: ImportRow[]; errors: ImportError[]; warnings: ImportWarning[]; bookLines: number } {
  const sink = { rows: [] as ImportRow[], errors: [] as ImportError[], warnings: [] as ImportWarning[] };
  const lines = text.split("\n");
  let bookLines = 0;
  let table: TableHeader | undefined;
  /** The status the last heading or label named; a heading naming none ends it. */
  let section: BookStatus | undefined;
  for (let i = frontMatterEnd(lines); i < lines.length; i++) {
    const trimmed = lines[i].trim();
    const kind = lineKind(trimmed);
    // Any line but a table's own rows and rule ends the table.
    if (kind !== "table-row" && kind !== "table-rule") table = undefined;
    if (kind === "section") {
      const named = sectionStatus(trimmed);
      if (named !== undefined || trimmed.startsWith("#") || DECORATED_LABEL.test(trimmed)) section = named;
      continue;
    }
    if (kind === "skip" || kind === "table-rule") continue;
    let parsed: TxtLine;
    if (kind === "table-row") {
      const cells = tableCells(trimmed);
      // A row followed by a rule (|---|---|) is the table's header, never a book.
      if (lineKind((lines[i + 1] ?? "").trim()) === "table-rule") {
        table = tableHeader(cells);
        continue;
      }
      parsed = tableRowLine(cells, table);
    } else {
      parsed = parseTxtLine(trimmed);
    }
    if (++bookLines > maxRows) throw tooManyRowsError();
    const line = i + 1;
    acceptRow(
      {
        line,
        title: parsed.title,
        author: parsed.author,
        isbn: parsed.isbn,
        status: parsed.status ?? section ?? "want-to-read",
        rating: parsed.rating,
      },
      {},
      [],
      sink,
    );
  }
  return { ...sink, bookLines };
}
