/**
 * Waiting for an Open Library request slot. The slots are reserved in the database
 * (`internal.coverBackfill.reserveSourceSlot`), so every action of the deployment shares them: at
 * most 3 requests in any 1.1 s however many lookups run at once.
 */
import type { RateLimiter } from "../../lib/cover/rateLimiter";
import { internal } from "../_generated/api";
import type { ActionCtx } from "../_generated/server";

let pacerOverride: RateLimiter | undefined;

/** Waits for the next Open Library request slot (before a per-book search or an ISBN prefetch request). */
export async function paceLookup(ctx: ActionCtx): Promise<void> {
  if (pacerOverride) return await pacerOverride.acquire();
  const slot: number = await ctx.runMutation(internal.coverBackfill.reserveSourceSlot, { source: "open-library" });
  const wait = slot - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
}

/** For tests, which drive the real actions: replace the shared pacing; returns a restore function. */
export function setLookupPacer(pacer: RateLimiter): () => void {
  const previous = pacerOverride;
  pacerOverride = pacer;
  return () => {
    pacerOverride = previous;
  };
}
