/**
 * Test-only reads of a reader's whole library. The app never reads a library whole (the wall pages
 * through `books.list`); tests that check what landed in the library use these.
 */
import { getAuthUserId } from "@convex-dev/auth/server";
import type { PaginationResult } from "convex/server";
import { api } from "../../convex/_generated/api";
import type { Doc } from "../../convex/_generated/dataModel";
import type { BookTile, LibrarySort } from "../../convex/model/libraryListing";
import type { SignedIn } from "./users";

/** Every book document of the signed-in reader, newest first. */
export async function libraryBooks(as: SignedIn): Promise<Doc<"books">[]> {
  return await as.run(async (ctx) => {
    const userId = await getAuthUserId(ctx);
    if (userId === null) throw new Error("libraryBooks needs a signed-in accessor");
    return await ctx.db
      .query("books")
      .withIndex("by_user", (q) => q.eq("userId", userId))
      .order("desc")
      .collect();
  });
}

/** Every tile `books.list` gives the reader for these filters, following the cursor page by page. */
export async function allTiles(
  as: SignedIn,
  args: { status?: Doc<"books">["status"]; shelf?: string; search?: string; sort?: LibrarySort; withoutCover?: boolean } = {},
  pageSize = 100,
): Promise<BookTile[]> {
  const tiles: BookTile[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: PaginationResult<BookTile> = await as.query(api.books.list, {
      ...args,
      paginationOpts: { numItems: pageSize, cursor },
    });
    tiles.push(...page.page);
    if (page.isDone) return tiles;
    cursor = page.continueCursor;
  }
}
