"use client";

import { useId } from "react";
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
  /** Book counts for the status filter, once loaded. */
  counts?: { total: number; byStatus: Partial<Record<BookStatus, number>> };
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

/** Search, status (with counts), shelf and sort for the wall. Every control is labelled and keyboard operable. */
export function LibraryFilters({ value, onChange, counts, shelves }: LibraryFiltersProps) {
  const id = useId();
  const searching = value.search.trim() !== "";
  const set = (patch: Partial<LibraryFilterState>) => onChange({ ...value, ...patch });

  return (
    <div role="search" aria-label="Find books" className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
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
            className="block h-10 w-full rounded-lg border border-line-strong bg-paper px-3 text-ink placeholder:text-ink-faint focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus"
          />
        </div>
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
            value={searching ? "relevance" : value.sort}
            disabled={searching}
            aria-describedby={searching ? `${id}-sort-hint` : undefined}
            onChange={(event) => set({ sort: event.target.value as LibrarySort })}
            className={selectClasses}
          >
            {searching ? <option value="relevance">Best match</option> : null}
            {SORT_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {searching ? (
            <p id={`${id}-sort-hint`} className="sr-only">
              Search results come best match first.
            </p>
          ) : null}
        </div>
      </div>
      <fieldset>
        <legend className="sr-only">Status</legend>
        <div className="flex flex-wrap gap-2">
          <StatusChip
            name={`${id}-status`}
            label="All"
            count={counts?.total}
            checked={value.status === undefined}
            onSelect={() => set({ status: undefined })}
          />
          {BOOK_STATUS_OPTIONS.map((option) => (
            <StatusChip
              key={option.value}
              name={`${id}-status`}
              label={option.label}
              count={counts ? (counts.byStatus[option.value] ?? 0) : undefined}
              checked={value.status === option.value}
              onSelect={() => set({ status: option.value })}
            />
          ))}
        </div>
      </fieldset>
    </div>
  );
}
