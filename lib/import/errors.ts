/**
 * Whole-file problems: the file cannot be imported at all, so nothing is previewed.
 *
 * `parseImportFile` throws an {@link ImportFileError}; `checkImportFile` and `tryParseImportFile`
 * return one. Row-level problems are never thrown: they go to `ParseResult.errors`.
 * Messages are written for the reader and never contain book data from the file.
 */

export type ImportFileErrorKind =
  /** The name has no .csv / .tsv / .txt extension. */
  | "unsupported-type"
  /** More than `IMPORT_LIMITS.maxBytes`. */
  | "too-large"
  /** Zero bytes, or only white space. */
  | "empty"
  /** NUL bytes or mostly non-text characters (a spreadsheet, an image, a UTF-16 file…). */
  | "binary"
  /** More than `IMPORT_LIMITS.maxRows` book rows. */
  | "too-many-rows"
  /** A CSV header with no rows under it, or a text file with only blank lines and comments. */
  | "no-rows"
  /** A CSV whose header has no title column (and no mapping picked one). Carries `headers`. */
  | "unrecognised-layout"
  /** `options.mapping` names a column the file does not have. Carries `headers`. */
  | "invalid-mapping"
  /** Almost nothing in the file looks like a book (random text, a log, the wrong file). */
  | "not-a-book-list";

export class ImportFileError extends Error {
  readonly kind: ImportFileErrorKind;
  /** For "unrecognised-layout" and "invalid-mapping": the file's header cells, so the UI can offer a mapping editor. */
  readonly headers?: string[];

  constructor(kind: ImportFileErrorKind, message: string, headers?: string[]) {
    super(message);
    this.name = "ImportFileError";
    this.kind = kind;
    if (headers) this.headers = headers;
  }
}

export function isImportFileError(e: unknown): e is ImportFileError {
  return e instanceof ImportFileError;
}
