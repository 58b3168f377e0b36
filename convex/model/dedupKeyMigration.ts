/**
 * Recomputes every book's `dedupKey` with the current `dedupKeyFor`, one page per mutation. Books
 * stored before the key kept whole titles carry the old key (subtitle cut, emoji dropped), and
 * books stored before it folded invisible characters (U+2060, U+00AD, U+200D…) carry a key that
 * keeps them apart from the same title typed plainly; both would merge import rows wrongly. It also
 * removes bidirectional overrides (U+202E…) from stored titles and authors, through `patchBook` so
 * the listing keys follow.
 *
 * Idempotent: a book whose key is already right is not written, so running it again (or twice at
 * once) changes nothing. Each page is its own transaction and schedules the next one, so it works
 * on any number of books and never holds a long transaction. Logs counts only.
 */
import { stripBidiControls } from "../../lib/books/readerFields";
import { dedupKeyFor } from "../../lib/books/text";
import type { MutationCtx } from "../_generated/server";
import { patchBook } from "./bookWrites";

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
    const title = stripBidiControls(book.title);
    const author = stripBidiControls(book.author);
    const dedupKey = dedupKeyFor(title, author);
    if (title !== book.title || author !== book.author) {
      await patchBook(ctx, book, { title, author, dedupKey });
    } else if (dedupKey !== book.dedupKey) {
      await ctx.db.patch("books", book._id, { dedupKey });
    } else continue;
    updated += 1;
  }
  return { scanned: page.page.length, updated, nextCursor: page.isDone ? null : page.continueCursor };
}
