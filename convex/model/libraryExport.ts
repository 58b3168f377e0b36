/**
 * The library export's pages: the reader's books in the order they were added, each as the export
 * writes it (lib/export/exportedBook.ts). One page per query, bounded in rows and bytes read, so a
 * library of any size is exported without any function reading it whole.
 */
import type { PaginationOptions, PaginationResult } from "convex/server";
import { exportedBookOf } from "../../lib/export/exportedBook";
import type { ExportedBook } from "../../lib/export/folioJson";
import type { Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

/** Most books per page; the client asks for fewer. */
export const EXPORT_PAGE_MAX = 200;
/** Bytes read per page at most: far under a query's read limit even with the longest reviews. */
export const EXPORT_PAGE_MAX_BYTES = 4 * 1024 * 1024;

export async function exportPage(
  ctx: QueryCtx,
  userId: Id<"users">,
  paginationOpts: PaginationOptions,
): Promise<PaginationResult<ExportedBook>> {
  const numItems = Math.min(Math.max(1, Math.floor(paginationOpts.numItems)), EXPORT_PAGE_MAX);
  const result = await ctx.db
    .query("books")
    .withIndex("by_user", (q) => q.eq("userId", userId))
    .paginate({ ...paginationOpts, numItems, maximumBytesRead: EXPORT_PAGE_MAX_BYTES });
  return { ...result, page: result.page.map(exportedBookOf) };
}
