/** Size and shape limits of an import file, and the checks that enforce them. */
import { ImportFileError } from "./errors";

export const IMPORT_LIMITS = {
  /** 5 MB (5 × 1024 × 1024 bytes of UTF-8). */
  maxBytes: 5 * 1024 * 1024,
  /** Book rows (not counting the header, blank lines or comments). */
  maxRows: 10_000,
  /** Extensions that can be imported. .tsv is read as CSV; .md is read like .txt. */
  extensions: [".csv", ".tsv", ".txt", ".md", ".markdown", ".json"] as readonly string[],
} as const;

export type FileKind = "csv" | "txt" | "json";

const SPREADSHEET_EXTENSIONS = new Set([".xlsx", ".xls", ".xlsm", ".ods", ".numbers"]);

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot < 0 ? "" : fileName.slice(dot).toLowerCase();
}

/** `.csv` / `.tsv` -> "csv", `.txt` / `.md` / `.markdown` -> "txt", anything else -> undefined. Case-insensitive. */
export function fileKindFromName(fileName: string): FileKind | undefined {
  const ext = extensionOf(fileName.trim());
  if (ext === ".csv" || ext === ".tsv") return "csv";
  if (ext === ".txt" || ext === ".md" || ext === ".markdown") return "txt";
  if (ext === ".json") return "json";
  return undefined;
}

export function unsupportedTypeError(fileName: string): ImportFileError {
  const ext = extensionOf(fileName.trim());
  const hint = SPREADSHEET_EXTENSIONS.has(ext)
    ? "Spreadsheets can't be read directly: save the sheet as CSV (UTF-8) and import that file."
    : "Export your library as a .csv file (Goodreads, StoryGraph, LibraryThing, Calibre, BookWyrm, Libib, Hardcover or any spreadsheet), a .json file (LibraryThing, Folio) or a .txt or .md list with one book per line.";
  return new ImportFileError("unsupported-type", `Folio imports .csv, .tsv, .txt, .md and .json files. ${hint}`);
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}

export function tooLargeError(bytes: number): ImportFileError {
  return new ImportFileError(
    "too-large",
    `The file is ${formatMegabytes(bytes)}; the limit is 5 MB. Split it into smaller files and import them one after the other.`,
  );
}

export function emptyFileError(): ImportFileError {
  return new ImportFileError("empty", "The file is empty: there is nothing to import.");
}

export function binaryFileError(): ImportFileError {
  return new ImportFileError(
    "binary",
    "The file is not a text file. If it is a spreadsheet, save it as CSV (UTF-8) and import that file.",
  );
}

export function tooManyRowsError(): ImportFileError {
  return new ImportFileError(
    "too-many-rows",
    `The file has more than ${IMPORT_LIMITS.maxRows.toLocaleString("en-US")} books; the limit is ${IMPORT_LIMITS.maxRows.toLocaleString("en-US")} per import. Split it into smaller files and import them one after the other.`,
  );
}

/**
 * Pre-read check on what the browser knows before reading the file (pass the `File` itself).
 * Returns the problem, or `null` when the file may be read and parsed. The extension decides the
 * format (browsers derive `type` from it anyway), so `type` is accepted but not relied on.
 */
export function checkImportFile(file: { name: string; size: number; type?: string }): ImportFileError | null {
  if (!fileKindFromName(file.name)) return unsupportedTypeError(file.name);
  if (file.size <= 0) return emptyFileError();
  if (file.size > IMPORT_LIMITS.maxBytes) return tooLargeError(file.size);
  return null;
}

/** UTF-8 byte length of a string without allocating an encoded copy. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Throws "too-large" when the text is over the byte limit. Cheap for texts far below it. */
export function assertWithinSize(text: string): void {
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so short texts need no counting.
  if (text.length * 3 <= IMPORT_LIMITS.maxBytes) return;
  const bytes = utf8ByteLength(text);
  if (bytes > IMPORT_LIMITS.maxBytes) throw tooLargeError(bytes);
}

const BINARY_SAMPLE = 64 * 1024;
/** Share of suspicious characters in the sample above which the file is treated as binary. */
const BINARY_RATIO = 0.1;

/**
 * True for text decoded from a binary file: any NUL character (UTF-16 text is decoded before it
 * gets here, see decode.ts), or more than 10% of the first
 * 64 KB being control characters (other than tab, line breaks and form feed) or U+FFFD, which the
 * browser substitutes for bytes that are not valid UTF-8.
 */
export function looksBinary(text: string): boolean {
  if (text.includes("\u0000")) return true;
  const n = Math.min(text.length, BINARY_SAMPLE);
  if (n === 0) return false;
  let suspicious = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) suspicious++;
  }
  return suspicious / n > BINARY_RATIO;
}
