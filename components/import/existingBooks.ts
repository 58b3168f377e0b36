/**
 * Which rows of a file are already in the reader's library, for the preview. Asks
 * `api.imports.findExisting` in batches (at most 500 ISBNs, 500 Goodreads ids and 500 keys per
 * call) and remembers the answers, so re-parsing with another column mapping only asks about keys
 * it has not seen. The answers are the keys of the books an import would merge into (never their
 * titles or authors), which `classifyRows` replays the commit's rule over.
 */
import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";
import { dedupKeyFor } from "@/lib/books/text";
import type { ExistingBook, ExistingLibrary, ImportRow } from "@/lib/import";

/** Most ISBNs, Goodreads ids and keys per `findExisting` call (the server's limit). */
export const FIND_EXISTING_BATCH = 500;

export type FindExisting = (args: {
  isbns: string[];
  dedupKeys: string[];
  goodreadsIds: string[];
}) => Promise<FunctionReturnType<typeof api.imports.findExisting>>;

type KeyKind = "isbn" | "goodreadsId" | "dedupKey";

export class ExistingBooksLookup {
  private readonly checked: Record<KeyKind, Set<string>> = { isbn: new Set(), goodreadsId: new Set(), dedupKey: new Set() };
  private readonly found = new Map<string, ExistingBook>();

  constructor(private readonly findExisting: FindExisting) {}

  /** The library's books that share an ISBN, a Goodreads id or a dedup key with these rows. */
  async lookup(rows: readonly Pick<ImportRow, "title" | "author" | "isbn" | "goodreadsId">[]): Promise<ExistingLibrary> {
    const wanted: Record<KeyKind, Set<string>> = { isbn: new Set(), goodreadsId: new Set(), dedupKey: new Set() };
    const want = (kind: KeyKind, key: string | undefined) => {
      if (key && !this.checked[kind].has(key)) wanted[kind].add(key);
    };
    for (const row of rows) {
      want("isbn", row.isbn);
      want("goodreadsId", row.goodreadsId);
      want("dedupKey", dedupKeyFor(row.title, row.author));
    }
    const lists = { isbn: [...wanted.isbn], goodreadsId: [...wanted.goodreadsId], dedupKey: [...wanted.dedupKey] };
    const calls = Math.max(...Object.values(lists).map((list) => Math.ceil(list.length / FIND_EXISTING_BATCH)));
    const slice = (list: string[], i: number) => list.slice(i * FIND_EXISTING_BATCH, (i + 1) * FIND_EXISTING_BATCH);
    const batches = Array.from({ length: calls }, (_, i) => ({
      isbns: slice(lists.isbn, i),
      goodreadsIds: slice(lists.goodreadsId, i),
      dedupKeys: slice(lists.dedupKey, i),
    }));
    const answers = await Promise.all(batches.map((batch) => this.findExisting(batch)));
    answers.forEach((answer, i) => {
      for (const isbn of batches[i].isbns) this.checked.isbn.add(isbn);
      for (const id of batches[i].goodreadsIds) this.checked.goodreadsId.add(id);
      for (const key of batches[i].dedupKeys) this.checked.dedupKey.add(key);
      for (const book of answer.books) this.found.set(book.id, { ...book, id: book.id });
    });
    return { books: [...this.found.values()] };
  }
}
