"use client";

import { useAction } from "convex/react";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { coverBackfillEnabled } from "@/lib/featureFlags";

interface CoverLookupApi {
  /** Books whose cover is being looked up right now (their tiles say so). */
  pending: ReadonlySet<Id<"books">>;
  /** Starts the lookup for a book just added without a cover. Resolves when it ends; never throws. */
  lookUpNewBook: (bookId: Id<"books">) => Promise<void>;
}

const CoverLookupContext = createContext<CoverLookupApi | null>(null);

/**
 * The "create" trigger: after a book is added without a cover, look it up with
 * `fetchMissingCovers({ bookIds: [id] })` and let its tile show that it is looking. The found cover
 * arrives through the reactive book list. Off when NEXT_PUBLIC_COVER_BACKFILL_ENABLED is "false".
 */
export function CoverLookupProvider({ children, enabled = coverBackfillEnabled() }: { children: ReactNode; enabled?: boolean }) {
  const fetchMissingCovers = useAction(api.books.fetchMissingCovers);
  const [pending, setPending] = useState<ReadonlySet<Id<"books">>>(() => new Set());

  const lookUpNewBook = useCallback(
    async (bookId: Id<"books">) => {
      if (!enabled) return;
      setPending((s) => new Set(s).add(bookId));
      try {
        await fetchMissingCovers({ bookIds: [bookId] });
      } catch {
        // The tile falls back to its placeholder; the per-book "Fetch cover" button remains.
      } finally {
        setPending((s) => {
          const next = new Set(s);
          next.delete(bookId);
          return next;
        });
      }
    },
    [enabled, fetchMissingCovers],
  );

  const value = useMemo(() => ({ pending, lookUpNewBook }), [pending, lookUpNewBook]);
  return <CoverLookupContext.Provider value={value}>{children}</CoverLookupContext.Provider>;
}

const inactive: CoverLookupApi = { pending: new Set(), lookUpNewBook: async () => {} };

export function useCoverLookup(): CoverLookupApi {
  return useContext(CoverLookupContext) ?? inactive;
}
