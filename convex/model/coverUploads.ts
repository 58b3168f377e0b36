/**
 * The reader's own cover uploads: what was uploaded is checked by its bytes, pending uploads are
 * tracked and limited per reader, and uploads nobody attached are swept.
 *
 * - `issueUploadUrl` (mutation) hands out an upload URL and records it in `coverUploads`; a
 *   reader (guests included) may have at most MAX_PENDING_UPLOADS uploads issued in the last hour
 *   and not attached.
 * - `checkUpload` (action: only actions can read stored bytes) reads the start of the stored file
 *   and detects its type from its signature with `file-type`; the declared Content-Type is not
 *   trusted (HTML labelled image/png, SVG labelled image/gif are refused). A refused file is
 *   deleted. An accepted one is recorded on the reader's pending upload with the detected type.
 * - `takeCheckedUpload` (inside the attaching mutation: `attachCover`, `createBook`) attaches only
 *   a file this reader's check accepted, and clears its pending row.
 * - `sweepUnattachedUploads` (cron) deletes uploads over an hour old that no book uses: pending
 *   rows, and stored files whose upload was never even checked.
 */
import { ConvexError } from "convex/values";
import { fileTypeFromBuffer } from "file-type/core";
import { checkCoverFile, COVER_FILE_MESSAGES } from "../../lib/books/coverFile";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { ActionCtx, MutationCtx, QueryCtx } from "../_generated/server";

/** Uploads one reader may have issued in the last hour and not attached yet. */
export const MAX_PENDING_UPLOADS = 10;
/** An upload not attached within this long is swept. */
export const UPLOAD_TTL_MS = 60 * 60 * 1000;
/** Bytes read from the start of a file to detect its type (file-type needs at most this many). */
export const SNIFF_BYTES = 4100;
/** Files the sweep looks at per run. */
export const SWEEP_BATCH = 200;

export const UPLOAD_NOT_FOUND_MESSAGE = "Cover upload not found. Upload the image again.";
export const UPLOAD_IN_USE_MESSAGE = "That image is already another book's cover. Upload the image again.";
export const UPLOAD_NOT_CHECKED_MESSAGE = "The cover image has not been checked yet. Upload the image again.";
export const TOO_MANY_UPLOADS_MESSAGE = `You have ${MAX_PENDING_UPLOADS} cover uploads waiting to be added to a book. Add them, or wait an hour, before uploading more.`;

export type UploadProblem = { code: "invalid_argument"; message: string; field: "cover" };
export type UploadCheckResult = { ok: true } | { ok: false; error: UploadProblem };

function problem(message: string): { ok: false; error: UploadProblem } {
  return { ok: false, error: { code: "invalid_argument", message, field: "cover" } };
}

async function pendingUploads(ctx: QueryCtx, userId: Id<"users">, now: number) {
  return await ctx.db
    .query("coverUploads")
    .withIndex("by_user_issued", (q) => q.eq("userId", userId).gt("issuedAt", now - UPLOAD_TTL_MS))
    .take(MAX_PENDING_UPLOADS + 1);
}

/** A fresh upload URL for the reader, unless they already have MAX_PENDING_UPLOADS pending (ConvexError `too_many_uploads`). */
export async function issueUploadUrl(ctx: MutationCtx, userId: Id<"users">): Promise<string> {
  const now = Date.now();
  if ((await pendingUploads(ctx, userId, now)).length >= MAX_PENDING_UPLOADS) {
    throw new ConvexError({ code: "too_many_uploads", message: TOO_MANY_UPLOADS_MESSAGE });
  }
  await ctx.db.insert("coverUploads", { userId, issuedAt: now });
  return await ctx.storage.generateUploadUrl();
}

/** The image type in a file's first bytes (`image/png`, …), or undefined when its signature is no known type. */
export async function detectFileType(blob: Blob): Promise<string | undefined> {
  const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
  return (await fileTypeFromBuffer(head))?.mime;
}

/**
 * Checks a stored upload by its bytes (see the module comment) and records the outcome; a refused
 * file is deleted. Runs in an action because only actions can read stored files.
 */
export async function checkUpload(ctx: ActionCtx, userId: Id<"users">, storageId: Id<"_storage">): Promise<UploadCheckResult> {
  const blob = await ctx.storage.get(storageId);
  if (blob === null) return problem(UPLOAD_NOT_FOUND_MESSAGE);
  const detectedType = blob.size > 0 ? await detectFileType(blob) : undefined;
  return await ctx.runMutation(internal.books.recordCoverUploadCheck, {
    userId,
    storageId,
    size: blob.size,
    ...(detectedType !== undefined ? { detectedType } : {}),
  });
}

async function bookUsing(ctx: QueryCtx, storageId: Id<"_storage">) {
  return await ctx.db
    .query("books")
    .withIndex("by_cover_storage", (q) => q.eq("coverStorageId", storageId))
    .first();
}

async function uploadRow(ctx: QueryCtx, storageId: Id<"_storage">) {
  return await ctx.db
    .query("coverUploads")
    .withIndex("by_storage", (q) => q.eq("storageId", storageId))
    .first();
}

/** `checkUpload`'s transaction: refuse (and delete) a file that is no accepted image, else mark it checked for this reader. */
export async function recordUploadCheck(
  ctx: MutationCtx,
  args: { userId: Id<"users">; storageId: Id<"_storage">; size: number; detectedType?: string },
): Promise<UploadCheckResult> {
  const user = await bookUsing(ctx, args.storageId);
  // Already a book's cover: the reader's own (checked when attached), or someone else's (never touched).
  if (user !== null) return user.userId === args.userId ? { ok: true } : problem(UPLOAD_IN_USE_MESSAGE);
  const row = await uploadRow(ctx, args.storageId);
  if (row !== null && row.userId !== args.userId) return problem(UPLOAD_NOT_FOUND_MESSAGE);
  const check = checkCoverFile({ contentType: args.detectedType, size: args.size });
  if (!check.ok) {
    if ((await ctx.db.system.get("_storage", args.storageId)) !== null) await ctx.storage.delete(args.storageId);
    if (row !== null) await ctx.db.delete("coverUploads", row._id);
    return problem(check.reason === "unsupported_type" ? COVER_FILE_MESSAGES.unsupported_type : check.message);
  }
  if (row !== null) {
    await ctx.db.patch("coverUploads", row._id, { checkedType: args.detectedType });
    return { ok: true };
  }
  // The oldest upload URL this reader was issued that has no file yet is this one.
  const unlinked = (await pendingUploads(ctx, args.userId, Date.now())).find((r) => r.storageId === undefined);
  if (unlinked) await ctx.db.patch("coverUploads", unlinked._id, { storageId: args.storageId, checkedType: args.detectedType });
  else
    await ctx.db.insert("coverUploads", {
      userId: args.userId,
      issuedAt: Date.now(),
      storageId: args.storageId,
      checkedType: args.detectedType,
    });
  return { ok: true };
}

/**
 * For the mutation that attaches `storageId` as one of the reader's covers (`forBookId`, or a new
 * book): accepts only a file this reader's check accepted (or the book's own current cover), and
 * clears its pending row. Returns the storage URL, or the problem.
 */
export async function takeCheckedUpload(
  ctx: MutationCtx,
  userId: Id<"users">,
  storageId: Id<"_storage">,
  forBookId?: Id<"books">,
): Promise<{ ok: true; url: string } | { ok: false; error: UploadProblem }> {
  if ((await ctx.db.system.get("_storage", storageId)) === null) return problem(UPLOAD_NOT_FOUND_MESSAGE);
  const user = await bookUsing(ctx, storageId);
  // Someone else's file (or another of the reader's books): never attach it, never delete it.
  if (user !== null && user._id !== forBookId) return problem(UPLOAD_IN_USE_MESSAGE);
  if (user === null) {
    const row = await uploadRow(ctx, storageId);
    if (row === null || row.userId !== userId || row.checkedType === undefined) return problem(UPLOAD_NOT_CHECKED_MESSAGE);
    await ctx.db.delete("coverUploads", row._id);
  }
  const url = await ctx.storage.getUrl(storageId);
  if (url === null) return problem(UPLOAD_NOT_FOUND_MESSAGE);
  return { ok: true, url };
}

/** Deletes a stored file unless a book uses it. */
async function deleteIfUnattached(ctx: MutationCtx, storageId: Id<"_storage">): Promise<boolean> {
  if ((await bookUsing(ctx, storageId)) !== null) return false;
  if ((await ctx.db.system.get("_storage", storageId)) === null) return false;
  await ctx.storage.delete(storageId);
  return true;
}

/**
 * The upload sweep (cron): pending uploads issued over an hour ago are dropped and their files
 * deleted unless a book uses them; then stored files over an hour old that neither a book nor a
 * pending upload knows (an upload URL used but never checked) are deleted, walking `_storage` in
 * creation order from where the last sweep stopped. Returns how many files it deleted.
 */
export async function sweepUnattachedUploads(ctx: MutationCtx): Promise<number> {
  const cutoff = Date.now() - UPLOAD_TTL_MS;
  let deleted = 0;
  const expired = await ctx.db
    .query("coverUploads")
    .withIndex("by_issued", (q) => q.lt("issuedAt", cutoff))
    .take(SWEEP_BATCH);
  for (const row of expired) {
    if (row.storageId !== undefined && (await deleteIfUnattached(ctx, row.storageId))) deleted++;
    await ctx.db.delete("coverUploads", row._id);
  }
  const state = await ctx.db.query("uploadSweeps").first();
  const from = state?.checkedUpTo ?? 0;
  const files = await ctx.db.system
    .query("_storage")
    .withIndex("by_creation_time", (q) => q.gt("_creationTime", from).lt("_creationTime", cutoff))
    .take(SWEEP_BATCH);
  for (const file of files) {
    if ((await uploadRow(ctx, file._id)) !== null) continue;
    if (await deleteIfUnattached(ctx, file._id)) deleted++;
  }
  const checkedUpTo = files.length > 0 ? files[files.length - 1]._creationTime : from;
  if (state) await ctx.db.patch("uploadSweeps", state._id, { checkedUpTo });
  else await ctx.db.insert("uploadSweeps", { checkedUpTo });
  return deleted;
}
