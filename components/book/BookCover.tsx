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
  /** A cover found by lookup (its source URL: provenance, and what a broken-cover report names). */
  apiCoverUrl?: string;
  /**
   * What the server says to show: on Folio's own hosts (the stored copy, an upload), or the link of
   * a source whose terms forbid copies (Google Books). When the server sends it (or
   * `coverOnItsWay`), the source URLs above are never loaded.
   */
  coverImageUrl?: string;
  /** The cover's stored copy is being fetched: the placeholder says it is on its way. */
  coverOnItsWay?: boolean;
}

export interface BookCoverProps {
  book: BookCoverData;
  lookingForCover?: boolean;
  className?: string;
  /**
   * Called once per URL when the found cover (`apiCoverUrl`) fails to load or loads as a
   * placeholder picture, so the wall can heal itself (`books.reportBrokenCover`).
   */
  onFoundCoverBroken?: (url: string) => void;
}

/** A "cover" this small is a source's stand-in for a missing one (Open Library answers 1×1). */
export const PLACEHOLDER_MAX_PIXELS = 10;

/** The image is a source's placeholder, not a cover. */
export function isPlaceholderImage(img: Pick<HTMLImageElement, "naturalWidth" | "naturalHeight">): boolean {
  return img.naturalWidth > 0 && (img.naturalWidth <= PLACEHOLDER_MAX_PIXELS || img.naturalHeight <= PLACEHOLDER_MAX_PIXELS);
}

/**
 * A 2/3 cover box: the reader's cover, else the found cover, else the typographic placeholder.
 * An image that fails to load, or loads as a source's tiny stand-in, falls back to the next
 * candidate, and finally to the placeholder; a broken found cover is reported.
 * While an image loads, the box shows the placeholder's colour, never a blank box.
 */
export function BookCover({ book, lookingForCover = false, className, onFoundCoverBroken }: BookCoverProps) {
  const [failed, setFailed] = useState<readonly string[]>([]);
  const served = book.coverImageUrl !== undefined || book.coverOnItsWay === true;
  // The URLs to try in order: what the server resolved, or (for a preview of a candidate) the URLs themselves.
  const candidates = served ? [book.coverImageUrl] : [book.coverUrl, book.apiCoverUrl];
  const showsFoundCover = !book.coverUrl && Boolean(book.apiCoverUrl);
  const markBroken = (url: string) => {
    if (failed.includes(url)) return;
    setFailed((current) => (current.includes(url) ? current : [...current, url]));
    const isFoundCover = served ? showsFoundCover : url === book.apiCoverUrl && url !== book.coverUrl;
    if (isFoundCover && book.apiCoverUrl) onFoundCoverBroken?.(book.apiCoverUrl);
  };
  const src = candidates.find((url): url is string => Boolean(url) && !failed.includes(url!));
  const { background } = coverColorFor(book.title);

  return (
    <div
      className={cn("relative aspect-[2/3] w-full overflow-hidden rounded-md", className)}
      style={{ backgroundColor: background }}
    >
      {src ? (
        // A plain <img>: covers come from Folio's own storage and routes, and images are
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
          onError={() => markBroken(src)}
          onLoad={(e) => {
            if (isPlaceholderImage(e.currentTarget)) markBroken(src);
          }}
        />
      ) : (
        <BookCoverPlaceholder
          title={book.title}
          author={book.author}
          lookingForCover={lookingForCover}
          coverOnItsWay={served && book.coverOnItsWay === true}
        />
      )}
    </div>
  );
}
