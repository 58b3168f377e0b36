"use client";

import { useState } from "react";
import { coverColorFor } from "@/lib/books/coverColor";
import { cn } from "@/components/ui/cn";
import { BookCoverPlaceholder } from "./BookCoverPlaceholder";

export interface BookCoverData {
  title: string;
  author: string;
  /** The reader's own cover; always wins. */
  coverUrl?: string;
  /** A cover found by lookup. */
  apiCoverUrl?: string;
}

export interface BookCoverProps {
  book: BookCoverData;
  lookingForCover?: boolean;
  className?: string;
}

/**
 * A 2/3 cover box: the reader's cover, else the found cover, else the typographic placeholder.
 * An image that fails to load falls back to the next candidate, and finally to the placeholder.
 * While an image loads, the box shows the placeholder's colour, never a blank box.
 */
export function BookCover({ book, lookingForCover = false, className }: BookCoverProps) {
  const [failed, setFailed] = useState<readonly string[]>([]);
  const src = [book.coverUrl, book.apiCoverUrl].find((url): url is string => Boolean(url) && !failed.includes(url!));
  const { background } = coverColorFor(book.title);

  return (
    <div
      className={cn("relative aspect-[2/3] w-full overflow-hidden rounded-md", className)}
      style={{ backgroundColor: background }}
    >
      {src ? (
        // A plain <img>: covers come from Convex storage and allowlisted cover hosts, and images are
        // unoptimised anyway (next.config.mjs); next/image would add nothing but configuration.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          key={src}
          src={src}
          alt={`Cover of ${book.title}`}
          width={400}
          height={600}
          loading="lazy"
          decoding="async"
          className="size-full object-cover"
          onError={() => setFailed((current) => (current.includes(src) ? current : [...current, src]))}
        />
      ) : (
        <BookCoverPlaceholder title={book.title} author={book.author} lookingForCover={lookingForCover} />
      )}
    </div>
  );
}
