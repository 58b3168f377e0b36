import Link from "next/link";
import type { KeyboardEvent } from "react";
import type { Id } from "@/convex/_generated/dataModel";
import { BookCover, type BookCoverData } from "./BookCover";
import { statusLabel, type BookStatus } from "./status";

export interface BookTileData extends BookCoverData {
  _id: Id<"books">;
  status?: BookStatus;
  /** The server has not looked the book up yet (`books.list` tiles); the wall may show it is looking. */
  coverPending?: boolean;
}

export interface BookTileProps {
  book: BookTileData;
  /** A cover lookup for this book is running: the placeholder says "Finding cover…". */
  lookingForCover?: boolean;
  /** The wall's roving focus: only its active tile is in the Tab order (0), the others are -1. */
  tabIndex?: number;
  onFocus?: () => void;
  /** The wall's arrow-key navigation. */
  onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
}

/** One book on the wall: its cover, linking to the book's page. */
export function BookTile({ book, lookingForCover = false, tabIndex, onFocus, onKeyDown }: BookTileProps) {
  return (
    <Link
      href={`/library/books/${book._id}`}
      tabIndex={tabIndex}
      onFocus={onFocus}
      onKeyDown={onKeyDown}
      className="group block rounded-md focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-focus"
    >
      <BookCover
        book={book}
        lookingForCover={lookingForCover}
        className="shadow-card ring-1 ring-black/5 transition duration-200 group-hover:-translate-y-1 group-hover:shadow-lifted motion-reduce:transition-none motion-reduce:group-hover:translate-y-0"
      />
      <span className="sr-only">
        {book.author ? `, by ${book.author}` : ""}
        {book.status ? `, ${statusLabel(book.status)}` : ""}
      </span>
    </Link>
  );
}
