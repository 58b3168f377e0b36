"use client";

import { usePaginatedQuery, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useEffect, useRef, useState } from "react";
import { CoverLookupProvider, useCoverLookup } from "@/components/covers/CoverLookupProvider";
import { FetchMissingCoversItem } from "@/components/covers/FetchMissingCoversItem";
import { useFetchMissingCovers } from "@/components/covers/useFetchMissingCovers";
import { useReportBrokenCover } from "@/components/covers/useReportBrokenCover";
import { Button } from "@/components/ui/Button";
import { api } from "@/convex/_generated/api";
import { coverBackfillEnabled } from "@/lib/featureFlags";
import { AddBookSheet } from "./AddBookSheet";
import { BookGrid, BookGridSkeleton } from "./BookGrid";
import { LibraryEmptyState } from "./LibraryEmptyState";
import { LibraryFilters, NO_FILTERS, type LibraryFilterState } from "./LibraryFilters";
import { LibraryToolbar } from "./LibraryToolbar";

/** Books per page of `books.list`: the first page, and each page loaded as the reader scrolls. */
export const WALL_PAGE_SIZE = 60;
/** Pause after the last keystroke before the wall searches. */
const SEARCH_DELAY_MS = 250;

export interface LibraryViewProps {
  coverBackfill?: boolean;
  /** Pause after typing before searching (tests pass 0). */
  searchDelayMs?: number;
  /** Open on "No cover yet" (`/library?cover=missing`, linked from the import summary and the cover toast). */
  initialWithoutCover?: boolean;
}

/** The library page: toolbar with filters, the wall of covers (or the empty state) and the add-book sheet. */
export function LibraryView({
  coverBackfill = coverBackfillEnabled(),
  searchDelayMs = SEARCH_DELAY_MS,
  initialWithoutCover = false,
}: LibraryViewProps) {
  return (
    <CoverLookupProvider enabled={coverBackfill}>
      <Library coverBackfill={coverBackfill} searchDelayMs={searchDelayMs} initialWithoutCover={initialWithoutCover} />
    </CoverLookupProvider>
  );
}

/** `value`, once it has stayed the same for `delayMs`. */
function useSettledValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (delayMs <= 0) return;
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return delayMs <= 0 ? value : settled;
}

/** `books.list` arguments for the filters: only what narrows or orders the list. */
function listArgs(filters: LibraryFilterState, search: string) {
  return {
    ...(search !== "" ? { search } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.shelf ? { shelf: filters.shelf } : {}),
    ...(filters.sort !== "added" ? { sort: filters.sort } : {}),
    ...(filters.withoutCover ? { withoutCover: true } : {}),
  };
}

/**
 * How many books the list will hold, when the counts say (read out as "book n of total"): the
 * library, a status or a shelf; a search or a shelf within a status has no count.
 */
function knownTotal(
  args: ReturnType<typeof listArgs>,
  counts: FunctionReturnType<typeof api.library.counts> | undefined,
  shelves: FunctionReturnType<typeof api.library.shelves> | undefined,
): number | undefined {
  if (args.search) return undefined;
  if (args.shelf) return args.status || args.withoutCover ? undefined : shelves?.find((shelf) => shelf.key === args.shelf)?.count;
  if (args.withoutCover) return args.status ? undefined : counts?.withoutCover;
  return args.status ? counts?.byStatus[args.status] : counts?.total;
}

function Library({
  coverBackfill,
  searchDelayMs,
  initialWithoutCover,
}: {
  coverBackfill: boolean;
  searchDelayMs: number;
  initialWithoutCover: boolean;
}) {
  const [filters, setFilters] = useState<LibraryFilterState>(() =>
    initialWithoutCover ? { ...NO_FILTERS, withoutCover: true } : NO_FILTERS,
  );
  const search = useSettledValue(filters.search.trim(), searchDelayMs);
  const args = listArgs(filters, search);
  const filtered = Boolean(args.search || args.status || args.shelf || args.withoutCover);
  const { results, status, loadMore } = usePaginatedQuery(api.books.list, args, { initialNumItems: WALL_PAGE_SIZE });
  const counts = useQuery(api.library.counts);
  const shelves = useQuery(api.library.shelves);
  const [adding, setAdding] = useState(false);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  const { pending, lookUpNewBook } = useCoverLookup();
  const fetchMissing = useFetchMissingCovers();
  const reportBroken = useReportBrokenCover();

  const total = knownTotal(args, counts, shelves);

  let wall;
  if (status === "LoadingFirstPage") {
    wall = <BookGridSkeleton />;
  } else if (results.length === 0 && status === "Exhausted") {
    wall = filtered ? (
      <div role="status" className="py-12 text-center text-ink-muted">
        <p>No books match.</p>
        <Button variant="secondary" className="mt-4" onClick={() => setFilters(NO_FILTERS)}>
          Clear filters
        </Button>
      </div>
    ) : (
      <LibraryEmptyState onAddBook={() => setAdding(true)} />
    );
  } else {
    wall = (
      <BookGrid
        // A new filter or order is a new list: start again from its first tile.
        key={JSON.stringify(args)}
        books={results}
        lookingForCover={pending}
        showPendingLookups={coverBackfill}
        showMissingCoverReasons={filters.withoutCover === true}
        total={total}
        canLoadMore={status === "CanLoadMore"}
        loadingMore={status === "LoadingMore"}
        onLoadMore={() => loadMore(WALL_PAGE_SIZE)}
        onFoundCoverBroken={reportBroken}
      />
    );
  }

  return (
    <div className="space-y-8">
      <LibraryToolbar
        bookCount={counts?.total}
        shownCount={filtered ? (total ?? (status === "Exhausted" ? results.length : undefined)) : undefined}
        onAddBook={() => setAdding(true)}
        addButtonRef={addButtonRef}
        menuItems={
          coverBackfill ? (
            <FetchMissingCoversItem
              running={fetchMissing.running}
              // M of "N of M": the books without a cover as the run starts, fixed for the run.
              onRun={() => void fetchMissing.run({ total: counts?.withoutCover })}
            />
          ) : undefined
        }
        filters={
          counts === undefined || counts.total > 0 || filtered ? (
            <LibraryFilters value={filters} onChange={setFilters} counts={counts} shelves={shelves} />
          ) : undefined
        }
      />
      {wall}
      <AddBookSheet
        open={adding}
        onOpenChange={setAdding}
        returnFocusRef={addButtonRef}
        onCreated={(bookId, { hasCover }) => {
          if (!hasCover) void lookUpNewBook(bookId);
        }}
      />
    </div>
  );
}
