/**
 * Small helpers for the library listing, counts and deletion tests: import rows through the real
 * commit, finish the scheduled work (shelf sync, deletion steps), count a library the slow way.
 */
import { vi } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Doc } from "../../convex/_generated/dataModel";
import type { ImportRowArg } from "../../convex/model/importRowValidator";
import { BOOK_STATUSES, type LibraryCounts } from "../../convex/model/libraryCounts";
import { libraryBooks } from "./libraryBooks";
import type { SignedIn, TestConvex } from "./users";

let imports = 0;

/** Commits rows as one import of the reader (no cover backfill) and returns its created and merged ids. */
export async function importRows(as: SignedIn, rows: Omit<ImportRowArg, "line">[]) {
  imports += 1;
  return await as.mutation(api.imports.commit, {
    clientImportId: `library-test-${imports}`,
    format: "goodreads",
    rows: rows.map((row, i) => ({ ...row, line: i + 1 })),
    startCoverBackfill: false,
  });
}

/**
 * Runs every scheduled function (the shelf sync, deletion steps) until none is left. Use fake timers
 * from the start of the test (`vi.useFakeTimers()`), so every step runs when the clock is advanced
 * here rather than whenever a real timer fires.
 */
export async function finishScheduled(t: TestConvex): Promise<void> {
  if (!vi.isFakeTimers()) throw new Error("finishScheduled needs vi.useFakeTimers() from the start of the test");
  await t.finishAllScheduledFunctions(() => vi.runOnlyPendingTimers(), 10_000);
}

/** The counts computed by reading the whole library (what the counter document saves the app from doing). */
export async function recount(as: SignedIn): Promise<LibraryCounts> {
  const books: Doc<"books">[] = await libraryBooks(as);
  const byStatus = Object.fromEntries(BOOK_STATUSES.map((s) => [s, 0])) as LibraryCounts["byStatus"];
  for (const book of books) byStatus[book.status] += 1;
  const withoutCover = books.filter((book) => !book.coverUrl && !book.apiCoverUrl).length;
  return { total: books.length, byStatus, withoutCover };
}
