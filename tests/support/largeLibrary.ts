/**
 * A large, realistic library for scale tests and the list-payload measurement: Goodreads-sized
 * book documents (every import field set, about four in five with a found cover), written in big
 * chunks straight into a convex-test backend.
 */
import type { Id } from "../../convex/_generated/dataModel";
import type { BookStatus } from "../../convex/model/books";
import { dedupKeyFor } from "../../lib/books/text";
import { isbnFor } from "./importRows";

const STATUSES: readonly BookStatus[] = ["want-to-read", "read", "currently-reading"];

/** The fields of the n-th book of a generated library (no listing keys: the write helpers add them). */
export function largeLibraryBook(userId: Id<"users">, n: number, now = 1_700_000_000_000) {
  const title = `A Reasonably Long Book Title Number ${n}: With a Subtitle (Some Series, #${n % 7})`;
  const author = `Firstname Lastname${n % 997}`;
  const hasCover = n % 5 !== 0;
  return {
    userId,
    title,
    author,
    isbn: isbnFor(n),
    status: STATUSES[n % STATUSES.length],
    dedupKey: dedupKeyFor(title, author),
    goodreadsId: String(1_000_000 + n),
    rating: (n % 5) + 1,
    dateRead: "2023-04-01",
    dateAdded: `20${10 + (n % 14)}-0${1 + (n % 9)}-1${n % 10}`,
    ...(n % 20 === 0 ? { shelves: ["fiction", `shelf-${n % 13}`] } : {}),
    publisher: "Some Publishing House",
    pages: 100 + (n % 400),
    yearPublished: 1900 + (n % 120),
    ...(hasCover
      ? { apiCoverUrl: `https://covers.openlibrary.org/b/id/${8_000_000 + n}-L.jpg`, apiSource: "open-library" as const }
      : {}),
    createdAt: now + n,
    updatedAt: now + n,
  };
}

export type LargeLibraryBook = ReturnType<typeof largeLibraryBook>;
