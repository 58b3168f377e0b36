"use client";

import { usePaginatedQuery, useQuery } from "convex/react";
import { useRef, useState } from "react";
import { CoverLookupProvider, useCoverLookup } from "@/components/covers/CoverLookupProvider";
import { FetchMissingCoversItem } from "@/components/covers/FetchMissingCoversItem";
import { useFetchMissingCovers } from "@/components/covers/useFetchMissingCovers";
import { api } from "@/convex/_generated/api";
import { coverBackfillEnabled } from "@/lib/featureFlags";
import { AddBookSheet } from "./AddBookSheet";
import { BookGrid, BookGridSkeleton } from "./BookGrid";
import { LibraryEmptyState } from "./LibraryEmptyState";
import { LibraryToolbar } from "./LibraryToolbar";

/** The library page: toolbar, the wall of covers (or the empty state) and the add-book sheet. */
export function LibraryView({ coverBackfill = coverBackfillEnabled() }: { coverBackfill?: boolean }) {
  return (
    <CoverLookupProvider enabled={coverBackfill}>
      <Library coverBackfill={coverBackfill} />
    </CoverLookupProvider>
  );
}

function Library({ coverBackfill }: { coverBackfill: boolean }) {
  const { results: books, status } = usePaginatedQuery(api.books.list, {}, { initialNumItems: 60 });
  const counts = useQuery(api.library.counts);
  const [adding, setAdding] = useState(false);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  const { pending, lookUpNewBook } = useCoverLookup();
  const fetchMissing = useFetchMissingCovers();

  return (
    <div className="space-y-8">
      <LibraryToolbar
        bookCount={counts?.total}
        onAddBook={() => setAdding(true)}
        addButtonRef={addButtonRef}
        menuItems={
          coverBackfill ? (
            <FetchMissingCoversItem running={fetchMissing.running} onRun={() => void fetchMissing.run()} />
          ) : undefined
        }
      />
      {status === "LoadingFirstPage" ? (
        <BookGridSkeleton />
      ) : books.length === 0 ? (
        <LibraryEmptyState onAddBook={() => setAdding(true)} />
      ) : (
        <BookGrid books={books} lookingForCover={pending} />
      )}
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
