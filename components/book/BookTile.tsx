import Link from "next/link";
import type { Id } from "@/convex/_generated/dataModel";
import { BookCover, type BookCoverData } from "./BookCover";
import { statusLabel, type BookStatus } from "./status";

export interface BookTileData extends BookCoverData {
  _id: Id<"books">;
  status?: BookStatus;
}

export interface BookTileProps {
  book: BookTileData;
  /** A cover lookup for this book is running: the placeholder says "Finding cover…". */
  lookingForCover?: boolean;
  /** The found cover failed to load or is a placeholder picture (see `useReportBrokenCover`). */
  onFoundCoverBroken?: (url: string) => void;
}

/** One book on the wall: its cover, linking to the book's page. */
export function BookTile({ book, lookingForCover = false, onFoundCoverBroken }: BookTileProps) {
  return (
    <Link
      href={`/library/books/${book._id}`}
      className="group block rounded-md focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-focus"
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
      </span>
    </Link>
  );
}
