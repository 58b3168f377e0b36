import type { Doc } from "@/convex/_generated/dataModel";
import { missingCoverState, type MissingCoverState } from "@/lib/books/missingCover";

/**
 * The one state a book's cover is in, which decides every cover control on its page:
 * - `own`: the reader's upload or chosen candidate (replace, remove, choose another);
 * - `found`: a cover a lookup found (turn it down, choose another, upload);
 * - `looking`: no cover, a lookup the reader asked for is running (choose, upload);
 * - `none`: no cover and why (choose, upload, and look again when that could help).
 */
export type CoverState =
  | { kind: "own" }
  | { kind: "found"; source: NonNullable<Doc<"books">["apiSource"]> | undefined }
  | { kind: "looking"; another: boolean }
  | { kind: "none"; missing: MissingCoverState };

export function coverStateOf(book: Doc<"books">): CoverState {
  if (book.coverUrl) return { kind: "own" };
  if (book.apiCoverUrl) return { kind: "found", source: book.apiSource };
  if (book.coverLookupStartedAt !== undefined) return { kind: "looking", another: Boolean(book.rejectedCovers?.length) };
  return { kind: "none", missing: missingCoverState(book) };
}

/** Looking up the same title, author and ISBN again can only help when it never ran or a source failed. */
export function canLookAgain(missing: MissingCoverState): boolean {
  return missing.reason === "not_looked_up" || missing.reason === "source_unavailable";
}
