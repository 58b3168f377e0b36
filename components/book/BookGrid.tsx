import type { Id } from "@/convex/_generated/dataModel";
import { BookTile, type BookTileData } from "./BookTile";

export interface BookGridProps {
  books: readonly BookTileData[];
  /** Books whose cover lookup is running (their placeholders show "Finding cover…"). */
  lookingForCover?: ReadonlySet<Id<"books">>;
  /** Accessible name of the list. */
  label?: string;
  /** A tile's found cover failed to load (see `useReportBrokenCover`). */
  onFoundCoverBroken?: (bookId: Id<"books">, url: string) => void;
}

/** The wall of covers: a responsive grid of fixed-ratio tiles, so it never shifts as images load. */
export function BookGrid({ books, lookingForCover, label = "Your books", onFoundCoverBroken }: BookGridProps) {
  return (
    <ul
      aria-label={label}
      className="grid list-none grid-cols-[repeat(auto-fill,minmax(7.5rem,1fr))] gap-x-4 gap-y-6 p-0 sm:grid-cols-[repeat(auto-fill,minmax(9rem,1fr))] sm:gap-x-6 sm:gap-y-8"
    >
      {books.map((book) => (
        <li key={book._id}>
          <BookTile
            book={book}
            lookingForCover={lookingForCover?.has(book._id) ?? false}
            onFoundCoverBroken={onFoundCoverBroken && ((url) => onFoundCoverBroken(book._id, url))}
          />
        </li>
      ))}
    </ul>
  );
}

/** Fixed-ratio blank tiles while the library loads. */
export function BookGridSkeleton({ count = 12 }: { count?: number }) {
  return (
    <div role="status">
      <span className="sr-only">Loading your books…</span>
      <div
        aria-hidden="true"
        className="grid grid-cols-[repeat(auto-fill,minmax(7.5rem,1fr))] gap-x-4 gap-y-6 sm:grid-cols-[repeat(auto-fill,minmax(9rem,1fr))] sm:gap-x-6 sm:gap-y-8"
      >
        {Array.from({ length: count }, (_, i) => (
          <div key={i} className="aspect-[2/3] animate-shimmer rounded-md bg-paper-sunken motion-reduce:animate-none" />
        ))}
      </div>
    </div>
  );
}
