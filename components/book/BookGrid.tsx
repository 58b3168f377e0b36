"use client";

import { defaultRangeExtractor, useWindowVirtualizer, type Range } from "@tanstack/react-virtual";
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import type { Id } from "@/convex/_generated/dataModel";
import { BookTile, type BookTileData } from "./BookTile";
import { movedIndex, wallLayout, type WallLayout } from "./wallLayout";

/** Rows rendered above and below the visible ones. */
const OVERSCAN_ROWS = 2;

export interface BookGridProps {
  books: readonly BookTileData[];
  /** Books whose cover lookup is running (their placeholders show "Finding cover…"). */
  lookingForCover?: ReadonlySet<Id<"books">>;
  /** Also show "Finding cover…" on tiles the server has not looked up yet (`coverPending`). */
  showPendingLookups?: boolean;
  /** Say under each coverless tile why it has no cover ("No cover yet"). */
  showMissingCoverReasons?: boolean;
  /** Accessible name of the list. */
  label?: string;
  /** How many books the list has once every page is loaded, when known (read out as "n of total"). */
  total?: number;
  /** More books can be loaded; `onLoadMore` is called as the reader nears the end of the loaded ones. */
  canLoadMore?: boolean;
  loadingMore?: boolean;
  onLoadMore?: () => void;
  /** A tile's found cover failed to load (see `useReportBrokenCover`). */
  onFoundCoverBroken?: (bookId: Id<"books">, url: string) => void;
}

/** The list's width, kept up to date as the window resizes (0 until measured). */
function useListWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(element.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * The list's distance from the top of the document, which the window virtualizer offsets rows by;
 * measured again whenever the page's layout changes (the toolbar wraps, the window resizes).
 */
function useDocumentTop(ref: RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setTop(Math.round(element.getBoundingClientRect().top + window.scrollY));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return top;
}

/**
 * Roving focus over the tiles: one tile is in the Tab order (the active one); `focusTile` makes
 * another active and focuses it as soon as it is rendered (it may need a scroll first).
 */
function useRovingTile(listRef: RefObject<HTMLElement | null>, count: number) {
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const link = listRef.current?.querySelector<HTMLElement>(`[data-index="${index}"] a`);
    if (link) {
      pendingFocus.current = null;
      link.focus();
    }
  });
  const focusTile = useCallback((index: number) => {
    setActiveIndex(index);
    pendingFocus.current = index;
  }, []);
  return { active: Math.min(activeIndex, Math.max(0, count - 1)), setActive: setActiveIndex, focusTile };
}

/**
 * The window virtualizer over the wall's rows. The active tile's row stays rendered, so Tab always
 * has a tile to land on; `onNearEnd` runs while the last loaded row is rendered.
 */
function useWallRows(options: {
  rowCount: number;
  bookRows: number;
  rowHeight: number;
  scrollMargin: number;
  activeRow: number;
  onNearEnd?: () => void;
}) {
  const { rowCount, bookRows, rowHeight, scrollMargin, activeRow, onNearEnd } = options;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const rows = defaultRangeExtractor(range);
      if (activeRow < range.count && !rows.includes(activeRow)) rows.push(activeRow);
      return rows.sort((a, b) => a - b);
    },
    [activeRow],
  );
  const virtualizer = useWindowVirtualizer({
    count: rowCount,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN_ROWS,
    scrollMargin,
    rangeExtractor,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  const rows = virtualizer.getVirtualItems();
  const lastRendered = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastRendered >= bookRows - 1) onNearEnd?.();
  }, [lastRendered, bookRows, onNearEnd]);
  return { virtualizer, rows };
}

/** Where each tile of a row sits: absolutely placed in the list, all the same size. */
function tileStyle(layout: WallLayout, top: number, column: number) {
  return { top, left: column * (layout.tileWidth + layout.gapX), width: layout.tileWidth, height: layout.tileHeight };
}

/**
 * The wall of covers: a responsive grid of fixed-size tiles, virtualised by rows against the window
 * scroll (@tanstack/react-virtual), so the DOM holds only the rows in view however many books are
 * loaded, and loads on as the reader nears the end. Keyboard: Tab reaches one tile (the last one
 * focused); arrow keys, Home/End and Page Up/Down move between tiles, scrolling them into view.
 */
export function BookGrid({
  books,
  lookingForCover,
  showPendingLookups = false,
  showMissingCoverReasons = false,
  label = "Your books",
  total,
  canLoadMore = false,
  loadingMore = false,
  onLoadMore,
  onFoundCoverBroken,
}: BookGridProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const hintId = useId();
  const layout = wallLayout(useListWidth(listRef));
  const scrollMargin = useDocumentTop(listRef);
  const { columns, rowHeight } = layout;
  const { active, setActive, focusTile } = useRovingTile(listRef, books.length);
  const bookRows = Math.ceil(books.length / columns);
  const { virtualizer, rows } = useWallRows({
    rowCount: bookRows + (canLoadMore ? 1 : 0),
    bookRows,
    rowHeight,
    scrollMargin,
    activeRow: Math.floor(active / columns),
    onNearEnd: canLoadMore && !loadingMore ? onLoadMore : undefined,
  });

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const rowsPerPage = Math.max(1, Math.floor(window.innerHeight / rowHeight));
    let target = movedIndex(event.key, active, books.length, columns, rowsPerPage);
    if (target === null) return;
    event.preventDefault();
    if (target >= books.length) {
      if (canLoadMore) onLoadMore?.();
      target = books.length - 1;
    }
    focusTile(target);
    virtualizer.scrollToIndex(Math.floor(target / columns), { align: "auto" });
  }

  const isLooking = (book: BookTileData) =>
    (lookingForCover?.has(book._id) ?? false) || (showPendingLookups && book.coverPending === true);

  return (
    <>
      <p id={hintId} className="sr-only">
        Use the arrow keys to move between books.
      </p>
      <ul
        ref={listRef}
        aria-label={label}
        aria-describedby={hintId}
        className="relative m-0 list-none p-0"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {rows.flatMap((row) => {
          const top = row.start - scrollMargin;
          if (row.index >= bookRows) {
            // The row of the page being loaded: placeholders of the same size.
            return Array.from({ length: columns }, (_, column) => (
              <li
                key={`loading-${column}`}
                aria-hidden="true"
                className="absolute animate-shimmer rounded-md bg-paper-sunken motion-reduce:animate-none"
                style={tileStyle(layout, top, column)}
              />
            ));
          }
          return books.slice(row.index * columns, (row.index + 1) * columns).map((book, column) => {
            const index = row.index * columns + column;
            return (
              <li
                key={book._id}
                data-index={index}
                aria-posinset={index + 1}
                aria-setsize={total ?? (canLoadMore ? -1 : books.length)}
                className="absolute"
                style={tileStyle(layout, top, column)}
              >
                <BookTile
                  book={book}
                  lookingForCover={isLooking(book)}
                  showMissingCoverReason={showMissingCoverReasons}
                  tabIndex={index === active ? 0 : -1}
                  onFocus={() => setActive(index)}
                  onKeyDown={onKeyDown}
                  onFoundCoverBroken={onFoundCoverBroken && ((url) => onFoundCoverBroken(book._id, url))}
                />
              </li>
            );
          });
        })}
      </ul>
      {loadingMore ? (
        <p role="status" className="mt-4 text-center text-sm text-ink-muted">
          Loading more books…
        </p>
      ) : null}
    </>
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
