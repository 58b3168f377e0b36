/**
 * Recomputes every book's `dedupKey` with the current `dedupKeyFor`, one page per mutation. Books
 * stored before the key kept whole titles carry the old key (subtitle cut, emoji dropped), which
 * would merge an import row into the wrong book; this brings them in line.
 *
 * Idempotent: a book whose key is already right is not written, so running it again (or twice at
 * once) changes nothing. Each page is its own transaction and schedules the next one, so it works
 * on any number of books and never holds a long transaction. Logs counts only.
 */
import { dedupKeyFor } from "../../lib/books/text";
import type { MutationCtx } from "../_generated/server";

export const DEDUP_KEY_MIGRATION_PAGE = 200;

export interface DedupKeyPageResult {
  scanned: number;
  updated: number;
  /** Where the next page starts; null when this was the last page. */
  nextCursor: string | null;
}

export async function recomputeDedupKeyPage(
  ctx: MutationCtx,
  args: { cursor: string | null; pageSize: number },
): Promise<DedupKeyPageResult> {
  const page = await ctx.db.query("books").paginate({ cursor: args.cursor, numItems: args.pageSize });
  let updated = 0;
  for (const book of page.page) {
    const dedupKey = dedupKeyFor(book.title, book.author);
    if (dedupKey === book.dedupKey) continue;
    await ctx.db.patch("books", book._id, { dedupKey });
    updated += 1;
  }
  return { scanned: page.page.length, updated, nextCursor: page.isDone ? null : page.continueCursor };
}
