"use client";

import { useMutation } from "convex/react";
import { useCallback } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";

/**
 * Reports a found cover that failed to load (`books.reportBrokenCover`): the server clears it only
 * if the book still has that URL, never offers it again, and looks again after a back-off. Fire and
 * forget: the tile already shows the placeholder, and the server rate-limits reports per reader.
 */
export function useReportBrokenCover(): (bookId: Id<"books">, url: string) => void {
  const report = useMutation(api.books.reportBrokenCover);
  return useCallback(
    (bookId: Id<"books">, url: string) => {
      report({ bookId, url }).catch(() => {
        // Nothing to tell the reader: the placeholder is already showing.
      });
    },
    [report],
  );
}
