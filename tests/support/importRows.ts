import type { ImportRowArg } from "../../convex/model/importRowValidator";
import { isbn10To13 } from "../../lib/books/isbn";

/** A valid, distinct ISBN-13 for every n. */
export function isbnFor(n: number): string {
  return isbn10To13(String(n).padStart(9, "0") + "0");
}

/** A realistic Goodreads row with every field set (used by the import tests and the commit benchmark). */
export function fullImportRow(n: number, line = n + 1): ImportRowArg {
  return {
    line,
    title: `A Reasonably Long Book Title Number ${n}: With a Subtitle (Some Series, #${n % 7})`,
    author: `Firstname Lastname${n}`,
    isbn: isbnFor(n),
    status: n % 3 === 0 ? "read" : "want-to-read",
    goodreadsId: String(1_000_000 + n),
    rating: (n % 5) + 1,
    dateRead: "2023-04-01",
    dateAdded: "2022-12-24",
    shelves: ["to-read", "fiction", `shelf-${n % 13}`],
    publisher: "Some Publishing House",
    pages: 100 + (n % 400),
    yearPublished: 1900 + (n % 120),
  };
}
