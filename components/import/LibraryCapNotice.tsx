"use client";

import { useQuery } from "convex/react";
import { api } from "@/convex/_generated/api";
import { libraryCapNotice } from "@/lib/books/libraryCap";

/**
 * In the preview: a warning when the file's new books (the rows left in) would take the library
 * past its cap, from the reader's kept counts. Nothing while they fit or the counts are loading.
 */
export function LibraryCapNotice({ newBooks }: { newBooks: number }) {
  const counts = useQuery(api.library.counts, {});
  const notice = counts === undefined ? null : libraryCapNotice(counts.total, newBooks);
  if (notice === null) return null;
  return (
    <p role="alert" className="rounded-lg border border-danger/40 bg-danger-soft px-4 py-3 text-sm font-medium text-danger">
      {notice}
    </p>
  );
}
