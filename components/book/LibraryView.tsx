"use client";

import { useQuery } from "convex/react";
import { useRef, useState } from "react";
import { api } from "@/convex/_generated/api";
import { AddBookSheet } from "./AddBookSheet";
import { BookGrid, BookGridSkeleton } from "./BookGrid";
import { LibraryEmptyState } from "./LibraryEmptyState";
import { LibraryToolbar } from "./LibraryToolbar";

/** The library page: toolbar, the wall of covers (or the empty state) and the add-book sheet. */
export function LibraryView() {
  const books = useQuery(api.books.list);
  const [adding, setAdding] = useState(false);
  const addButtonRef = useRef<HTMLButtonElement>(null);

  return (
    <div className="space-y-8">
      <LibraryToolbar bookCount={books?.length} onAddBook={() => setAdding(true)} addButtonRef={addButtonRef} />
      {books === undefined ? (
        <BookGridSkeleton />
      ) : books.length === 0 ? (
        <LibraryEmptyState onAddBook={() => setAdding(true)} />
      ) : (
        <BookGrid books={books} />
      )}
      <AddBookSheet open={adding} onOpenChange={setAdding} returnFocusRef={addButtonRef} />
    </div>
  );
}
