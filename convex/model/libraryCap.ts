/**
 * The library cap's error. The cap itself is LIBRARY_MAX_BOOKS (lib/books/libraryCap.ts, where the
 * import preview reads it too); `insertBook` checks the reader's kept total after counting each new
 * book, so every way of adding books (Add book, an import chunk) meets the same limit.
 */
import { ConvexError } from "convex/values";
import { LIBRARY_FULL_MESSAGE } from "../../lib/books/libraryCap";

export function libraryFullError(): ConvexError<{ code: "library_full"; message: string }> {
  return new ConvexError({ code: "library_full" as const, message: LIBRARY_FULL_MESSAGE });
}
