/**
 * One-off migration for books written before the listing keys and counts existed: gives each such
 * book its keys (through patchBook, which also counts it, counts it without a cover when it has
 * none, and queues its shelves), a page of the books table per step, scheduling the next step
 * until the table is done. Safe to run again and while the app is in use: books whose keys and
 * counts are already up to date are skipped.
 *
 *   npx convex run library:backfillListingKeys
 */
import { internal } from "../_generated/api";
import type { MutationCtx } from "../_generated/server";
import { isListedUpToDate, patchBook } from "./bookWrites";

export const BACKFILL_PAGE = 200;

export async function backfillListingKeysStep(
  ctx: MutationCtx,
  cursor: string | null,
): Promise<{ updated: number; done: boolean }> {
  const result = await ctx.db.query("books").paginate({ numItems: BACKFILL_PAGE, cursor });
  let updated = 0;
  for (const book of result.page) {
    if (isListedUpToDate(book)) continue;
    await patchBook(ctx, book, {});
    updated++;
  }
  if (!result.isDone) await ctx.scheduler.runAfter(0, internal.library.backfillListingKeys, { cursor: result.continueCursor });
  return { updated, done: result.isDone };
}
