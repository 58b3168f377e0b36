"use client";

import { useMutation } from "convex/react";
import { useCallback } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";

/** The tab says it has no network (a load error then says nothing about the cover). */
export function tabIsOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

/**
 * Reports a found cover that failed to load (`books.reportBrokenCover`): a hint. The server looks at
 * the cover itself and takes it off only when it sees it gone or not a cover. A report made while
 * the tab is offline says so (`offline`): Convex sends it once the tab is back, and the server
 * ignores it. Fire and forget: the tile already shows the placeholder for this view.
 */
export function useReportBrokenCover(): (bookId: Id<"books">, url: string) => void {
  const report = useMutation(api.books.reportBrokenCover);
  return useCallback(
    (bookId: Id<"books">, url: string) => {
      report({ bookId, url, ...(tabIsOffline() ? { offline: true } : {}) }).catch(() => {
        // Nothing to tell the reader: the placeholder is already showing.
      });
    },
    [report],
  );
}
