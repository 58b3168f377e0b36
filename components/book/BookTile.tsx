import Link from "next/link";
import type { KeyboardEvent } from "react";
import type { Id } from "@/convex/_generated/dataModel";
import { MISSING_COVER_LABELS, type MissingCoverState } from "@/lib/books/missingCover";
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
  /** No cover and no lookup under way: why (`books.list` tiles). */
  missingCover?: MissingCoverState;
}

export interface BookTileProps {
  book: BookTileData;
  /** A cover lookup for this book is running: the placeholder says "Finding cover…". */
  lookingForCover?: boolean;
  /** Say under the cover why the book has none (the wall's "No cover yet"). */
  showMissingCoverReason?: boolean;
  /** The found cover failed to load or is a placeholder picture (see `useReportBrokenCover`). */
  onFoundCoverBroken?: (url: string) => void;
  /** The wall's roving focus: only its active tile is in the Tab order (0), the others are -1. */
  tabIndex?: number;
  onFocus?: () => void;
  /** The wall's arrow-key navigation. */
  onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
}

/**
 * One book on the wall: its cover, linking to the book's page, and a caption line under the cover:
 * the rating's stars, or (in "No cover yet") why the book has no cover.
 */
export function BookTile({
  book,
  lookingForCover = false,
  showMissingCoverReason = false,
  onFoundCoverBroken,
  tabIndex,
  onFocus,
  onKeyDown,
}: BookTileProps) {
  const reason =
    showMissingCoverReason && !lookingForCover && book.missingCover ? MISSING_COVER_LABELS[book.missingCover.reason] : null;
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
        {reason ? `, ${reason}` : ""}
      </span>
      <span aria-hidden="true" className="mt-1 flex h-4 items-center text-xs leading-none text-ink-muted">
        {reason ? (
          <span className="truncate">{reason}</span>
        ) : book.rating ? (
          <RatingStars rating={book.rating} decorative className="text-sm" />
        ) : null}
      </span>
    </Link>
  );
}
