"use client";

import Link from "next/link";
import type { ReactNode, Ref } from "react";
import { Button } from "@/components/ui/Button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/DropdownMenu";

export interface LibraryToolbarProps {
  /** Number of books, shown under the heading once known. */
  bookCount?: number;
  /** While a filter narrows the wall: how many books it shows, when known ("12 of 340 books"). */
  shownCount?: number;
  onAddBook: () => void;
  addButtonRef?: Ref<HTMLButtonElement>;
  /**
   * Extra overflow-menu entries (`<DropdownMenuItem onSelect={…}>…</DropdownMenuItem>`), listed
   * above "Import library". Later features add "Fetch missing covers" here.
   */
  menuItems?: ReactNode;
  /** Search and filters, shown under the heading (LibraryFilters). */
  filters?: ReactNode;
}

const number = new Intl.NumberFormat("en");

/** The library heading with "Add book", the overflow menu ("More library actions") and the filters. */
/** "340 books", or "12 of 340 books" while a filter narrows the wall. */
export function bookCountText(bookCount: number | undefined, shownCount?: number): string {
  if (bookCount === undefined) return "";
  const books = bookCount === 1 ? "1 book" : `${number.format(bookCount)} books`;
  return shownCount === undefined ? books : `${number.format(shownCount)} of ${books}`;
}

export function LibraryToolbar({ bookCount, shownCount, onAddBook, addButtonRef, menuItems, filters }: LibraryToolbarProps) {
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="font-serif text-3xl sm:text-4xl">Library</h1>
          <p className="mt-1 min-h-5 text-sm text-ink-muted">{bookCountText(bookCount, shownCount)}</p>
        </div>
        <div className="flex items-center gap-2">
          <Button ref={addButtonRef} variant="primary" onClick={onAddBook}>
            <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="2">
              <path d="M10 4v12M4 10h12" strokeLinecap="round" />
            </svg>
            Add book
          </Button>
          <DropdownMenu modal={false}>
            <DropdownMenuTrigger asChild>
              <Button variant="secondary" size="icon" aria-label="More library actions">
                <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
                  <circle cx="4" cy="10" r="1.6" />
                  <circle cx="10" cy="10" r="1.6" />
                  <circle cx="16" cy="10" r="1.6" />
                </svg>
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent>
              {menuItems}
              {menuItems ? <DropdownMenuSeparator /> : null}
              <DropdownMenuItem asChild>
                <Link href="/import">Import library</Link>
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </div>
      {filters}
    </div>
  );
}
