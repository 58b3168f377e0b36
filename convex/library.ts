/**
 * The reader's library as a whole: counts for the toolbar, shelves for the filter, "Delete all my
 * books", and the internal steps behind them (the shelf sync, the deletion job, the listing-key
 * migration). Thin wrappers: validators, auth, one call into convex/model/. The wall's pages are
 * `books.list`.
 */
import { ConvexError, v } from "convex/values";
import { internalMutation, mutation, query } from "./_generated/server";
import { DELETE_CONFIRMATION } from "../lib/books/libraryDeletion";
import { requireUserId } from "./model/auth";
import { getLibraryCounts } from "./model/libraryCounts";
import { deleteLibraryChunk as deleteChunk, getLibraryDeletion, startLibraryDeletion } from "./model/libraryDeletion";
import { backfillListingKeysStep } from "./model/listingKeysBackfill";
import { listShelves, syncShelvesStep } from "./model/shelves";

/** The caller's book count, in total and per status (one document read). */
export const counts = query({
  args: {},
  handler: async (ctx) => {
    const userId = await requireUserId(ctx);
    return await getLibraryCounts(ctx, userId);
  },
});

/** The caller's shelves by name, with how many books are on each. */
export const shelves = query({
  args: {},
  handler: async (ctx) => {
    const userId = await requireUserId(ctx);
    return await listShelves(ctx, userId);
  },
});

/**
 * Starts deleting every book of the caller (and their uploaded covers) in the background; returns
 * at once. `confirmation` must be "DELETE", as the reader typed it. Starting again while a deletion
 * runs returns that deletion.
 */
export const deleteAllBooks = mutation({
  args: { confirmation: v.string() },
  returns: v.id("libraryDeletions"),
  handler: async (ctx, { confirmation }) => {
    const userId = await requireUserId(ctx);
    if (confirmation !== DELETE_CONFIRMATION) {
      throw new ConvexError({ code: "confirmation_required", message: `Type ${DELETE_CONFIRMATION} to confirm.` });
    }
    return await startLibraryDeletion(ctx, userId);
  },
});

/** The caller's latest "Delete all my books": `{ state, total, deleted, … }`, or null. */
export const deletion = query({
  args: {},
  handler: async (ctx) => {
    const userId = await requireUserId(ctx);
    return await getLibraryDeletion(ctx, userId);
  },
});

/** One step of a deletion; schedules the next itself. */
export const deleteLibraryChunk = internalMutation({
  args: { deletionId: v.id("libraryDeletions") },
  returns: v.null(),
  handler: async (ctx, { deletionId }) => {
    await deleteChunk(ctx, deletionId);
    return null;
  },
});

/** One step of a reader's shelf sync; schedules the next itself while books are queued. */
export const syncShelves = internalMutation({
  args: { userId: v.id("users") },
  returns: v.null(),
  handler: async (ctx, { userId }) => {
    await syncShelvesStep(ctx, userId);
    return null;
  },
});

/** Migration: listing keys and counts for books written before they existed. Run once after deploying. */
export const backfillListingKeys = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  returns: v.null(),
  handler: async (ctx, { cursor }) => {
    await backfillListingKeysStep(ctx, cursor ?? null);
    return null;
  },
});
