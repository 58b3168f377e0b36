/**
 * The action side of stored covers: one fetcher step (claim and reserve in one mutation, fetch and
 * check each image at its slot, store accepted bytes, write every outcome in one mutation), and the
 * server's own look at a reported cover (invariant 11). See storedCovers.ts.
 */
import { coverLookupContact } from "../../lib/cover/http";
import { fetchCoverImage, type CoverImageFetch } from "../../lib/coverImage";
import { internal } from "../_generated/api";
import type { ActionCtx } from "../_generated/server";
import type { CopyOutcome, CopyRequest } from "./storedCovers";

const sleep = (ms: number) => (ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, Math.ceil(ms))));

/** What one fetch of a copy request comes to, storing accepted bytes in Convex storage. */
async function fetchOneCopy(ctx: ActionCtx, request: CopyRequest, contact: string | undefined): Promise<CopyOutcome> {
  await sleep(request.slot - Date.now());
  const fetched = await fetchCoverImage(request.url, { source: request.source, contact });
  return await outcomeOf(ctx, request, fetched);
}

async function outcomeOf(ctx: ActionCtx, request: CopyRequest, fetched: CoverImageFetch): Promise<CopyOutcome> {
  if (fetched.kind === "gone") return { kind: "refused", id: request.id, refusal: "gone" };
  if (fetched.kind === "transient") {
    return {
      kind: "transient",
      id: request.id,
      problem: fetched.problem,
      ...(fetched.retryAfterMs !== undefined ? { retryAfterMs: fetched.retryAfterMs } : {}),
    };
  }
  if (fetched.check.kind === "refused") return { kind: "refused", id: request.id, refusal: fetched.check.reason };
  const { mime, width, height, bytes } = fetched.check;
  const storageId = await ctx.storage.store(new Blob([fetched.bytes as Uint8Array<ArrayBuffer>], { type: mime }));
  return { kind: "stored", id: request.id, storageId, width, height, bytes, mime };
}

/** One step of the fetcher chain (internal.storedCovers.fetchCopies). */
export async function runCopyStep(ctx: ActionCtx, generation: number): Promise<void> {
  const requests: CopyRequest[] | null = await ctx.runMutation(internal.storedCovers.beginCopyStep, { generation });
  if (requests === null) return;
  const contact = coverLookupContact();
  const outcomes = await Promise.all(
    requests.map((request) =>
      fetchOneCopy(ctx, request, contact).catch((): CopyOutcome => ({
        kind: "transient",
        id: request.id,
        problem: "upstream_error",
      })),
    ),
  );
  await ctx.runMutation(internal.storedCovers.finishCopyStep, { generation, outcomes });
}
