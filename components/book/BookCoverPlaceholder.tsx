import { coverColorFor } from "@/lib/books/coverColor";
import { cn } from "@/components/ui/cn";
import { placeholderTitleFontSize } from "./placeholderText";

export interface BookCoverPlaceholderProps {
  title: string;
  author?: string;
  /** Shows a subtle "Finding cover…" state while a lookup runs. */
  lookingForCover?: boolean;
  /** A cover was found and Folio is fetching its own copy: says "Cover on its way…". */
  coverOnItsWay?: boolean;
  className?: string;
}

/**
 * A designed typographic cover for books without an image: title and author set on a cloth
 * colour derived from the title. Fills its parent (give the parent the 2/3 aspect ratio).
 */
export function BookCoverPlaceholder({
  title,
  author,
  lookingForCover = false,
  coverOnItsWay = false,
  className,
}: BookCoverPlaceholderProps) {
  const { background, foreground } = coverColorFor(title);
  const note = lookingForCover ? "Finding cover…" : coverOnItsWay ? "Cover on its way…" : null;
  const shimmer = note !== null && "animate-shimmer motion-reduce:animate-none";
  return (
    <div className={cn("@container relative size-full overflow-hidden", className)}>
      <div
        role="img"
        aria-label={`Cover of ${title}`}
        data-testid="cover-placeholder"
        className="flex size-full flex-col justify-between px-[9%] py-[11%] text-left"
        style={{ backgroundColor: background, color: foreground }}
      >
        {/*
          A spine shadow and two rules give it the look of a cloth binding. While a cover is being
          found only they shimmer: fading the title and author would drop their contrast.
        */}
        <span aria-hidden="true" className={cn("pointer-events-none absolute inset-y-0 left-0 w-[6%] bg-black/15", shimmer)} />
        <span
          aria-hidden="true"
          className={cn("block h-px w-full opacity-50", shimmer)}
          style={{ backgroundColor: foreground }}
        />
        <span
          className="line-clamp-5 font-serif leading-[1.15] font-semibold"
          // Words are never broken in the middle: the size lets the longest one fit on a line.
          style={{ fontSize: placeholderTitleFontSize(title), overflowWrap: "normal", wordBreak: "normal", hyphens: "manual" }}
        >
          {title}
        </span>
        <span className="flex flex-col gap-[0.6em]">
          {author ? (
            <span className="line-clamp-2 leading-tight opacity-85" style={{ fontSize: "clamp(0.6rem, 7.5cqw, 1.25rem)" }}>
              {author}
            </span>
          ) : null}
          <span
            aria-hidden="true"
            className={cn("block h-px w-full opacity-50", shimmer)}
            style={{ backgroundColor: foreground }}
          />
        </span>
      </div>
      {note !== null ? (
        // Seen, not announced: a wall of tiles must not be a wall of live regions. The tile's link
        // names it ("finding a cover"); the book page says it in its own status line.
        <span
          aria-hidden="true"
          className="absolute inset-x-[8%] top-[3%] rounded-md bg-black/55 px-2 py-1 text-center text-[0.7rem] font-medium text-white"
        >
          {note}
        </span>
      ) : null}
    </div>
  );
}
