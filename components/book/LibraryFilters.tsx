"use client";

import { useId, useState } from "react";
import { cn } from "@/components/ui/cn";
import { BOOK_STATUS_OPTIONS, type BookStatus } from "./status";

export type LibrarySort = "added" | "title" | "author" | "rating";

export interface LibraryFilterState {
  /** As typed; the wall searches for it trimmed, after a short pause. */
  search: string;
  status?: BookStatus;
  /** A shelf key. */
  shelf?: string;
  sort: LibrarySort;
  /** Only books with no cover yet ("No cover yet"); never together with `status`. */
  withoutCover?: boolean;
}

export const NO_FILTERS: LibraryFilterState = { search: "", sort: "added" };

export const SORT_OPTIONS: readonly { value: LibrarySort; label: string }[] = [
  { value: "added", label: "Date added" },
  { value: "title", label: "Title" },
  { value: "author", label: "Author" },
  { value: "rating", label: "Rating" },
];

/** Same limit as the server (convex/model/libraryListing.ts). */
const SEARCH_MAX_LENGTH = 100;

export interface LibraryFiltersProps {
  value: LibraryFilterState;
  onChange: (next: LibraryFilterState) => void;
  /** Book counts for the status filter (and "No cover yet"), once loaded. */
  counts?: { total: number; byStatus: Partial<Record<BookStatus, number>>; withoutCover?: number };
  /** The reader's shelves; the shelf filter shows when there are any. */
  shelves?: readonly { key: string; name: string; count: number }[];
}

const number = new Intl.NumberFormat("en");

const selectClasses =
  "h-10 rounded-lg border border-line-strong bg-paper px-3 text-sm text-ink focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus disabled:opacity-60";

/** One choice of the status filter: a radio button drawn as a chip, with its count. */
function StatusChip({
  name,
  label,
  count,
  checked,
  onSelect,
}: {
  name: string;
  label: string;
  count?: number;
  checked: boolean;
  onSelect: () => void;
}) {
  return (
    <label
      className={cn(
        "inline-flex h-9 cursor-pointer items-center gap-2 rounded-full border px-3 text-sm select-none",
        "has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-focus",
        checked ? "border-ink bg-ink text-paper" : "border-line-strong bg-paper-raised text-ink hover:bg-paper-sunken",
      )}
    >
      <input type="radio" name={name} className="sr-only" checked={checked} onChange={onSelect} />
      <span>{label}</span>{" "}
      {count !== undefined ? (
        <span className={cn("tabular-nums", checked ? "text-paper/80" : "text-ink-muted")}>{number.format(count)}</span>
      ) : null}
    </label>
  );
}

/** How many filters narrow or order the wall besides the search (shown on the small-screen toggle). */
function activeFilterCount(value: LibraryFilterState): number {
  return [value.status !== undefined || value.withoutCover === true, value.shelf !== undefined, value.sort !== "added"].filter(
    Boolean,
  ).length;
}

/**
 * Search, status (with counts) and "No cover yet", shelf and sort for the wall. Every control is
 * labelled and keyboard operable. On small screens everything but the search folds behind one
 * "Filters" button, so the first covers are in view.
 */
export function LibraryFilters({ value, onChange, counts, shelves }: LibraryFiltersProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const searching = value.search.trim() !== "";
  const ordered = searching || value.withoutCover === true;
  const set = (patch: Partial<LibraryFilterState>) => onChange({ ...value, ...patch });
  const active = activeFilterCount(value);

  return (
    <div role="search" aria-label="Find books" className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 space-y-1.5 sm:min-w-56">
          <label htmlFor={`${id}-search`} className="block text-sm font-medium text-ink">
            Search
          </label>
          <input
            id={`${id}-search`}
            type="search"
            value={value.search}
            maxLength={SEARCH_MAX_LENGTH}
            placeholder="Title or author"
            autoComplete="off"
            onChange={(event) => set({ search: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === "Escape" && value.search !== "") set({ search: "" });
            }}
            className="block h-10 w-full rounded-lg border border-line-strong bg-paper px-3 text-ink placeholder:text-ink-muted focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus"
          />
        </div>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={`${id}-more ${id}-show`}
          onClick={() => setOpen((current) => !current)}
          className="inline-flex h-10 items-center gap-2 rounded-lg border border-line-strong bg-paper-raised px-3 text-sm font-medium text-ink focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus sm:hidden"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M3 5h14M6 10h8M8.5 15h3" strokeLinecap="round" />
          </svg>
          Filters
          {active > 0 ? (
            <span className="rounded-full bg-ink px-1.5 text-xs text-paper tabular-nums">
              {active}
              <span className="sr-only"> active</span>
            </span>
          ) : null}
        </button>
        {/* Beside the search on wider screens; folded behind "Filters" on small ones. */}
        <div
          id={`${id}-more`}
          className={cn("basis-full flex-wrap items-end gap-3 sm:flex sm:basis-auto", open ? "flex" : "hidden")}
        >
          {shelves && shelves.length > 0 ? (
            <div className="space-y-1.5">
              <label htmlFor={`${id}-shelf`} className="block text-sm font-medium text-ink">
                Shelf
              </label>
              <select
                id={`${id}-shelf`}
                value={value.shelf ?? ""}
                onChange={(event) => set({ shelf: event.target.value === "" ? undefined : event.target.value })}
                className={cn(selectClasses, "max-w-56")}
              >
                <option value="">All shelves</option>
                {shelves.map((shelf) => (
                  <option key={shelf.key} value={shelf.key}>
                    {shelf.name} ({number.format(shelf.count)})
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="space-y-1.5">
            <label htmlFor={`${id}-sort`} className="block text-sm font-medium text-ink">
              Sort by
            </label>
            <select
              id={`${id}-sort`}
              value={ordered ? "fixed" : value.sort}
              disabled={ordered}
              aria-describedby={ordered ? `${id}-sort-hint` : undefined}
              onChange={(event) => set({ sort: event.target.value as LibrarySort })}
              className={selectClasses}
            >
              {searching ? <option value="fixed">Best match</option> : null}
              {!searching && ordered ? <option value="fixed">Next look first</option> : null}
              {SORT_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            {ordered ? (
              <p id={`${id}-sort-hint`} className="sr-only">
                {searching
                  ? "Search results come best match first."
                  : "Books without a cover come in the order Folio will look for them again."}
              </p>
            ) : null}
          </div>
        </div>
      </div>
      <fieldset id={`${id}-show`} className={cn("sm:block", open ? "block" : "hidden")}>
        <legend className="sr-only">Show</legend>
        <div className="flex flex-wrap gap-2">
          <StatusChip
            name={`${id}-status`}
            label="All"
            count={counts?.total}
            checked={value.status === undefined && !value.withoutCover}
            onSelect={() => set({ status: undefined, withoutCover: undefined })}
          />
          {BOOK_STATUS_OPTIONS.map((option) => (
            <StatusChip
              key={option.value}
              name={`${id}-status`}
              label={option.label}
              count={counts ? (counts.byStatus[option.value] ?? 0) : undefined}
              checked={value.status === option.value && !value.withoutCover}
              onSelect={() => set({ status: option.value, withoutCover: undefined })}
            />
          ))}
          <StatusChip
            name={`${id}-status`}
            label="No cover yet"
            count={counts ? (counts.withoutCover ?? 0) : undefined}
            checked={value.withoutCover === true}
            onSelect={() => set({ status: undefined, withoutCover: true })}
          />
        </div>
      </fieldset>
    </div>
  );
}
