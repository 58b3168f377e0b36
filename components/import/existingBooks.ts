/**
 * Which rows of a file are already in the reader's library, for the preview. Asks
 * `api.imports.findExisting` in batches (at most 500 ISBNs and 500 keys per call) and remembers
 * the answers, so re-parsing with another column mapping only asks about keys it has not seen.
 */
import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";
import { dedupKeyFor } from "@/lib/books/text";
import type { ExistingLibrary, ImportRow } from "@/lib/import";

/** Most ISBNs and most keys per `findExisting` call (the server's limit). */
export const FIND_EXISTING_BATCH = 500;

export type FindExisting = (args: {
  isbns: string[];
  dedupKeys: string[];
}) => Promise<FunctionReturnType<typeof api.imports.findExisting>>;

export class ExistingBooksLookup {
  private readonly checkedIsbns = new Set<string>();
  private readonly checkedKeys = new Set<string>();
  private readonly foundIsbns = new Set<string>();
  private readonly foundKeys = new Set<string>();

  constructor(private readonly findExisting: FindExisting) {}

  /** The library's ISBNs and dedup keys among these rows'. */
  async lookup(rows: readonly Pick<ImportRow, "title" | "author" | "isbn">[]): Promise<ExistingLibrary> {
    const isbns = new Set<string>();
    const keys = new Set<string>();
    for (const row of rows) {
      if (row.isbn && !this.checkedIsbns.has(row.isbn)) isbns.add(row.isbn);
      const key = dedupKeyFor(row.title, row.author);
      if (!this.checkedKeys.has(key)) keys.add(key);
    }
    const isbnList = [...isbns];
    const keyList = [...keys];
    const calls = Math.max(Math.ceil(isbnList.length / FIND_EXISTING_BATCH), Math.ceil(keyList.length / FIND_EXISTING_BATCH));
    const batches = Array.from({ length: calls }, (_, i) => ({
      isbns: isbnList.slice(i * FIND_EXISTING_BATCH, (i + 1) * FIND_EXISTING_BATCH),
      dedupKeys: keyList.slice(i * FIND_EXISTING_BATCH, (i + 1) * FIND_EXISTING_BATCH),
    }));
    const answers = await Promise.all(batches.map((batch) => this.findExisting(batch)));
    answers.forEach((answer, i) => {
      for (const isbn of batches[i].isbns) this.checkedIsbns.add(isbn);
      for (const key of batches[i].dedupKeys) this.checkedKeys.add(key);
      for (const isbn of answer.isbns) this.foundIsbns.add(isbn);
      for (const key of answer.dedupKeys) this.foundKeys.add(key);
    });
    return { isbns: new Set(this.foundIsbns), dedupKeys: new Set(this.foundKeys) };
  }
}
