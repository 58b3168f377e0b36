/**
 * Short leases on books being looked up, so parallel runs over one library (several "Fetch missing
 * covers" runs, the import drain next to the menu item) never look the same book up at once: the
 * run that claims a book looks it up, the others skip it. A lease ends when its holder writes the
 * book's result, releases it, or it expires (a crashed run never blocks a book for long).
 */
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

/** Longer than any batch (its lookups are abandoned at 14 s), short enough that a crashed run's books come back soon. */
export const LOOKUP_LEASE_MS = 30_000;

async function leaseOf(ctx: MutationCtx, bookId: Id<"books">) {
  return await ctx.db
    .query("coverLookupLeases")
    .withIndex("by_book", (q) => q.eq("bookId", bookId))
    .unique();
}

/** Claims `bookId` for `holder` unless another holder's lease is still running; returns whether it is now `holder`'s. */
export async function claimLookup(ctx: MutationCtx, args: { bookId: Id<"books">; holder: string }): Promise<boolean> {
  const now = Date.now();
  const lease = await leaseOf(ctx, args.bookId);
  if (lease && lease.holder !== args.holder && lease.expiresAt > now) return false;
  if (lease) await ctx.db.patch("coverLookupLeases", lease._id, { holder: args.holder, expiresAt: now + LOOKUP_LEASE_MS });
  else await ctx.db.insert("coverLookupLeases", { bookId: args.bookId, holder: args.holder, expiresAt: now + LOOKUP_LEASE_MS });
  return true;
}

/** Ends `holder`'s lease on the book, if it still has it (another holder's is left alone). */
export async function releaseLookup(ctx: MutationCtx, args: { bookId: Id<"books">; holder: string }): Promise<void> {
  const lease = await leaseOf(ctx, args.bookId);
  if (lease && lease.holder === args.holder) await ctx.db.delete("coverLookupLeases", lease._id);
}

/** {@link claimLookup} for several books in one transaction: returns the ones now `holder`'s. */
export async function claimLookups(ctx: MutationCtx, args: { bookIds: Id<"books">[]; holder: string }): Promise<Id<"books">[]> {
  const mine: Id<"books">[] = [];
  for (const bookId of args.bookIds) if (await claimLookup(ctx, { bookId, holder: args.holder })) mine.push(bookId);
  return mine;
}
