/**
 * Ownership checks. Another reader's book is indistinguishable from a missing or deleted one:
 * the same `null` from the lookups, the same "not_found" ConvexError from the guards.
 */
import { ConvexError } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

export const BOOK_NOT_FOUND = { code: "not_found", message: "Book not found." } as const;

/** The error every "not yours / not there" case throws. */
export function bookNotFoundError(): ConvexError<typeof BOOK_NOT_FOUND> {
  return new ConvexError(BOOK_NOT_FOUND);
}

/** The book when it exists and belongs to `userId`, else null. */
export async function getOwnedBook(
  ctx: QueryCtx | MutationCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
): Promise<Doc<"books"> | null> {
  const book = await ctx.db.get("books", bookId);
  return book !== null && book.userId === userId ? book : null;
}

/** The book when it exists and belongs to `userId`; otherwise ConvexError `not_found` "Book not found.". */
export async function requireOwnedBook(
  ctx: QueryCtx | MutationCtx,
  userId: Id<"users">,
  bookId: Id<"books">,
): Promise<Doc<"books">> {
  const book = await getOwnedBook(ctx, userId, bookId);
  if (book === null) throw bookNotFoundError();
  return book;
}
