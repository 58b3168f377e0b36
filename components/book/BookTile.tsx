import Link from "next/link";
import type { KeyboardEvent } from "react";
import type { Id } from "@/convex/_generated/dataModel";
import { ratingLabel } from "@/lib/books/rating";
import { BookCover, type BookCoverData } from "./BookCover";
import { RatingStars } from "./RatingStars";
import { statusLabel, type BookStatus } from "./status";

export interface BookTileData extends BookCoverData {
  _id: Id<"books">;
  status?: BookStatus;
  /** 0.25–5 in steps of 0.25; shown as stars over the cover. */
  rating?: number;
  /** The server is looking for this book's cover (`books.list` tiles); the wall may show it is looking. */
  coverPending?: boolean;
}

export interface BookTileProps {
  book: BookTileData;
  /** A cover lookup for this book is running: the placeholder says "Finding cover…". */
  lookingForCover?: boolean;
  /** The found cover failed to load or is a placeholder picture (see `useReportBrokenCover`). */
  onFoundCoverBroken?: (url: string) => void;
  /** The wall's roving focus: only its active tile is in the Tab order (0), the others are -1. */
  tabIndex?: number;
  onFocus?: () => void;
  /** The wall's arrow-key navigation. */
  onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
}

/** One book on the wall: its cover, linking to the book's page. */
export function BookTile({ book, lookingForCover = false, onFoundCoverBroken, tabIndex, onFocus, onKeyDown }: BookTileProps) {
  return (
    <Link
      href={`/library/books/${book._id}`}
      tabIndex={tabIndex}
      onFocus={onFocus}
      onKeyDown={onKeyDown}
      className="group relative block rounded-md focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-focus"
    >
      <BookCover
        book={book}
        lookingForCover={lookingForCover}
        onFoundCoverBroken={onFoundCoverBroken}
        className="shadow-card ring-1 ring-black/5 transition duration-200 group-hover:-translate-y-1 group-hover:shadow-lifted motion-reduce:transition-none motion-reduce:group-hover:translate-y-0"
      />
      <span className="sr-only">
        {book.author ? `, by ${book.author}` : ""}
        {book.status ? `, ${statusLabel(book.status)}` : ""}
        {book.rating ? `, ${ratingLabel(book.rating)}` : ""}
        {lookingForCover ? ", finding a cover" : ""}
      </span>
      {book.rating ? (
        <RatingStars
          rating={book.rating}
          decorative
          className="absolute bottom-1.5 left-1.5 rounded bg-paper-raised/90 px-1 py-0.5 text-xs shadow-card"
        />
      ) : null}
    </Link>
  );
}
