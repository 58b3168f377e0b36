/** Finding a file's columns by header name, as the format readers do. */
import { cleanText } from "./cells";

/** "  Book_Title: " -> "book title"; "ISBN/UID" -> "isbnuid"; "Owned?" -> "owned". */
export function normalizeHeader(h: string): string {
  return cleanText(h)
    .toLowerCase()
    .replace(/[_\-\s]+/g, " ")
    .replace(/[^\p{L}\p{N} ]+/gu, "")
    .trim();
}

/** A column of the file: its position and its header as written (for warnings). */
export interface Column {
  index: number;
  name: string;
}

export class Columns {
  private readonly exact = new Map<string, number>();
  private readonly normalized = new Map<string, number>();

  constructor(readonly headers: readonly string[]) {
    headers.forEach((h, i) => {
      const lower = cleanText(h).toLowerCase();
      if (!this.exact.has(lower)) this.exact.set(lower, i);
      const key = normalizeHeader(h);
      if (key !== "" && !this.normalized.has(key)) this.normalized.set(key, i);
    });
  }

  /**
   * The first column named like one of `names`, tried in order: exact (case-insensitive) first,
   * then with spacing and punctuation ignored. With duplicate header names the first wins.
   */
  find(...names: string[]): Column | undefined {
    for (const name of names) {
      const i = this.exact.get(name.toLowerCase());
      if (i !== undefined) return { index: i, name: this.headers[i] };
    }
    for (const name of names) {
      if (name.startsWith("#")) continue; // Calibre's custom columns: exact names only.
      const i = this.normalized.get(normalizeHeader(name));
      if (i !== undefined) return { index: i, name: this.headers[i] };
    }
    return undefined;
  }

  has(...names: string[]): boolean {
    return this.find(...names) !== undefined;
  }

  /** Header names (lower-case, as written) that start with `prefix`, e.g. Calibre's `#` columns. */
  startingWith(prefix: string): Column[] {
    const out: Column[] = [];
    this.headers.forEach((h, i) => {
      if (cleanText(h).toLowerCase().startsWith(prefix)) out.push({ index: i, name: h });
    });
    return out;
  }
}

/** The cell of a row in a column ("" when the column is absent or the row is short). */
export function cellAt(cells: readonly string[], column: Column | undefined): string {
  return column ? (cells[column.index] ?? "") : "";
}
