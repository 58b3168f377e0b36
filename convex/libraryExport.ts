/** "Export my library": the export's pages. Thin wrapper: validators, auth, one call into model/. */
import { paginationOptsValidator, type PaginationResult } from "convex/server";
import type { ExportedBook } from "../lib/export/folioJson";
import { query } from "./_generated/server";
import { requireUserId } from "./model/auth";
import { exportPage } from "./model/libraryExport";

/**
 * One page of the caller's books for the export (oldest first), each with every field Folio keeps:
 * the reader's review, notes and reads, shelves, cover provenance. At most 200 books and 4 MiB
 * read per page; follow `continueCursor` until `isDone`.
 */
export const page = query({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }): Promise<PaginationResult<ExportedBook>> => {
    const userId = await requireUserId(ctx);
    return await exportPage(ctx, userId, paginationOpts);
  },
});
