/**
 * One-off data migrations (internal: run from the dashboard or the CLI, never from the app).
 *
 *   npx convex run migrations:recomputeDedupKeys '{}'
 *
 * starts at the first book and schedules itself page by page until every book is done; each page
 * logs `{ event, scanned, updated, done }`. Safe to run again at any time.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { DEDUP_KEY_MIGRATION_PAGE, recomputeDedupKeyPage } from "./model/dedupKeyMigration";

export const recomputeDedupKeys = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())), pageSize: v.optional(v.number()) },
  returns: v.object({ scanned: v.number(), updated: v.number(), nextCursor: v.union(v.string(), v.null()) }),
  handler: async (ctx, args) => {
    const pageSize = Math.min(Math.max(1, Math.floor(args.pageSize ?? DEDUP_KEY_MIGRATION_PAGE)), 1_000);
    const result = await recomputeDedupKeyPage(ctx, { cursor: args.cursor ?? null, pageSize });
    if (result.nextCursor !== null) {
      await ctx.scheduler.runAfter(0, internal.migrations.recomputeDedupKeys, { cursor: result.nextCursor, pageSize });
    }
    console.info(
      JSON.stringify({
        event: "dedup_key_migration_page",
        scanned: result.scanned,
        updated: result.updated,
        done: result.nextCursor === null,
      }),
    );
    return result;
  },
});
