/**
 * Shared fixtures for the cover-run tests: an emulated catalogue of made-up books, those books
 * added to a reader's library, and a book read back from the backend.
 */
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import type { CatalogueBook } from "../msw/coverSources";
import type { SignedIn, TestConvex } from "./users";

/** `n` books the emulated Open Library knows by title and author, each with its own cover id. */
export function catalogue(n: number, prefix = "Lantern Harbour Volume"): CatalogueBook[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `${prefix} ${i}`,
    authors: [`Maren Quillfeather${i}`],
    coverId: 9000 + i,
  }));
}

/** Adds the books to the reader's library (no cover, want to read), in order; returns their ids. */
export async function addBooks(as: SignedIn, books: CatalogueBook[]): Promise<Id<"books">[]> {
  const ids: Id<"books">[] = [];
  for (const b of books) {
    ids.push(await as.mutation(api.books.create, { title: b.title, author: b.authors[0], status: "want-to-read" }));
  }
  return ids;
}

/** The book as stored (null once deleted). */
export async function book(t: TestConvex, id: Id<"books">) {
  return await t.run((ctx) => ctx.db.get("books", id));
}
