/**
 * The cover lookup on Convex: lib/backfill/runBatch.ts run inside the calling action as plain
 * functions (no `runAction`), with one mutation to claim the books and reserve the first step's
 * request slots (`beginLookup`) and one per step to store its results and reserve the next step's
 * (`commitLookup`). Every found cover is stored through `writeApiCover` (the one place that writes
 * a found cover: both cover fields must still be empty, and the cover not one the reader rejected).
 */
import type { CatalogueFact } from "../../lib/cover/catalogue";
import { coverLookupContact, DEFAULT_TIMEOUT_MS, fetchJson } from "../../lib/cover/http";
import type { SlotPriority } from "../../lib/cover/pacing";
import { enabledCoverSources, lookupStages } from "../../lib/cover/sources";
import {
  runLookup,
  type FailureReason,
  type Grants,
  type LookupBook,
  type LookupContext,
  type LookupSummary,
  type RecordOutcome,
  type SourceNeeds,
  type StepDeps,
  type WriteOutcome,
} from "../../lib/backfill/runBatch";
import { factId } from "../../lib/cover/catalogue";
import type { CoverSource, SearchCoverResult } from "../../lib/cover/types";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { ActionCtx, MutationCtx } from "../_generated/server";
import { recordCoverFailure, writeApiCover } from "./books";
import { recordFacts } from "./coverCatalogue";
import { claimLookups, releaseLookup } from "./lookupLeases";
import { reserveSlots, type SourceSlots } from "./sourcePacing";

/* ------------------------------------------------------------------ action side */

/** The enabled sources' stages and the facts already known, for one lookup run. */
export function lookupContext(
  facts: readonly CatalogueFact[],
  env: Record<string, string | undefined> = process.env,
): LookupContext {
  return {
    stages: lookupStages(enabledCoverSources(env)),
    facts: new Map(facts.map((f) => [factId(f.stage, f.key), f])),
    paused: new Map(),
  };
}

/** Waits `ms` (a slot already due is taken at once, without a timer). */
const sleep = (ms: number) => (ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, Math.ceil(ms))));

/**
 * The clock, the network (5 s timeout, a User-Agent with the contact), the shared pause and, for a
 * reader's run (`hedging`), a slot of their own to send a slow request again, inside an action.
 */
export function stepDeps(ctx: ActionCtx, hedging?: { key: string; deadline: number }): StepDeps {
  const contact = coverLookupContact();
  return {
    ...(hedging
      ? {
          hedge: async (sourceId: string) => {
            const [answer]: SourceSlots[] = await ctx.runMutation(internal.coverBackfill.reserveSlots, {
              needs: [{ source: sourceId as CoverSource, count: 1 }],
              priority: "interactive",
              key: hedging.key,
              deadline: hedging.deadline,
            });
            return answer?.slots[0] ?? null;
          },
        }
      : {}),
    now: () => Date.now(),
    sleepUntil: (t) => sleep(t - Date.now()),
    send: (url) => fetchJson(url, { contact, timeoutMs: DEFAULT_TIMEOUT_MS }),
    pause: async (sourceId, error) =>
      await ctx.runMutation(internal.coverBackfill.pauseSource, {
        source: sourceId as CoverSource,
        ...(error.kind === "rate_limited" && error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
        ...(error.kind === "refused" ? { refused: true } : {}),
      }),
  };
}

/** A reservation's answers as the step runner's grants. */
export function toGrants(answers: readonly SourceSlots[]): Grants {
  const grants: Grants = {};
  for (const a of answers) {
    grants[a.source] = a.paused
      ? { paused: a.paused }
      : { slots: a.slots, ...(a.retryAt !== undefined ? { retryAt: a.retryAt } : {}) };
  }
  return grants;
}

/** Needs as the reservation takes them. */
export function needList(needs: SourceNeeds): { source: CoverSource; count: number }[] {
  return Object.entries(needs).map(([source, count]) => ({ source: source as CoverSource, count }));
}

export interface LookUpOptions {
  /** Interactive (a reader waiting on one book) or bulk. */
  priority: SlotPriority;
  /** No request is sent after this long. */
  budgetMs: number;
  /** Record failures with the bulk back-off (the per-book button does not). */
  backoff: boolean;
  maxSteps?: number;
}

/** Looks the reader's books up and stores what was found or failed, step by step (see runBatch.ts). */
export async function lookUpBooks(
  ctx: ActionCtx,
  userId: Id<"users">,
  books: readonly LookupBook<Id<"books">>[],
  facts: readonly CatalogueFact[],
  options: LookUpOptions,
): Promise<LookupSummary<Id<"books">>> {
  const budgetEnd = Date.now() + options.budgetMs;
  const holder = crypto.randomUUID();
  const pacing = { priority: options.priority, key: userId, deadline: budgetEnd };
  return await runLookup(
    books,
    lookupContext(facts),
    {
      ...stepDeps(ctx, { key: userId, deadline: budgetEnd }),
      begin: async (needs, bookIds) => {
        const r = await ctx.runMutation(internal.coverBackfill.beginLookup, {
          holder,
          bookIds,
          needs: needList(needs),
          ...pacing,
        });
        return { claimed: r.claimed, grants: toGrants(r.grants) };
      },
      commit: async (results, next) => {
        const r = await ctx.runMutation(internal.coverBackfill.commitLookup, {
          userId,
          holder,
          backoff: options.backoff,
          written: results.written.map((w) => ({ ...w, source: w.source as CoverSource })),
          failed: results.failed,
          facts: results.facts,
          release: results.release,
          ...(next ? { next: { needs: needList(next), ...pacing } } : {}),
        });
        return { written: r.written, failed: r.failed, ...(r.grants ? { grants: toGrants(r.grants) } : {}) };
      },
    },
    { budgetEnd, ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}) },
  );
}

/* ---------------------------------------------------------------- mutation side */

/** Claims the books (short leases) and reserves the first step's slots, in one transaction. */
export async function beginLookup(
  ctx: MutationCtx,
  args: {
    holder: string;
    bookIds: Id<"books">[];
    needs: { source: CoverSource; count: number }[];
    priority: SlotPriority;
    key: string;
    deadline: number;
  },
): Promise<{ claimed: Id<"books">[]; grants: SourceSlots[] }> {
  const claimed = await claimLookups(ctx, { bookIds: args.bookIds, holder: args.holder });
  const grants = claimed.length > 0 ? await reserveSlots(ctx, args) : [];
  return { claimed, grants };
}

/**
 * Stores one step's results in one transaction: found covers (through `writeApiCover`'s guards),
 * failures (with the bulk back-off when `backoff`), the facts learnt, the end of the leases, and,
 * with `next`, the next step's slots.
 */
export async function commitLookup(
  ctx: MutationCtx,
  args: {
    userId: Id<"users">;
    holder: string;
    backoff: boolean;
    written: { bookId: Id<"books">; url: string; source: CoverSource }[];
    failed: { bookId: Id<"books">; reason: FailureReason }[];
    facts: CatalogueFact[];
    release: Id<"books">[];
    next?: { needs: { source: CoverSource; count: number }[]; priority: SlotPriority; key: string; deadline: number };
  },
): Promise<{ written: WriteOutcome[]; failed: RecordOutcome[]; grants?: SourceSlots[] }> {
  const now = Date.now();
  await recordFacts(ctx, args.facts, now);
  const written: WriteOutcome[] = [];
  for (const w of args.written) {
    const outcome = await writeApiCover(ctx, { userId: args.userId, bookId: w.bookId, apiCoverUrl: w.url, apiSource: w.source });
    written.push(
      outcome === "written"
        ? "updated"
        : outcome === "already_has_cover"
          ? "already_has_cover"
          : outcome === "not_found"
            ? "gone"
            : "rejected",
    );
  }
  const failed: RecordOutcome[] = [];
  for (const f of args.failed) {
    const outcome = await recordCoverFailure(ctx, {
      userId: args.userId,
      bookId: f.bookId,
      reason: f.reason,
      backoff: args.backoff,
    });
    failed.push(outcome === "not_found" ? "gone" : outcome);
  }
  for (const bookId of args.release) await releaseLookup(ctx, { bookId, holder: args.holder });
  return args.next ? { written, failed, grants: await reserveSlots(ctx, args.next) } : { written, failed };
}

/* --------------------------------------------------- one book of no reader (the search contract) */

/** One book's lookup result (`internal.actions.coverFetch.search`), as lib/cover/types.ts `SearchCoverResult`. */
export type CoverSearchResult = SearchCoverResult;

/**
 * Looks one book up by `{ title?, author?, isbn? }` (skipping `rejected` covers) without writing any
 * book: the plain function behind `internal.actions.coverFetch.search`. Reads and keeps catalogue facts.
 */
export async function lookUpCover(
  ctx: ActionCtx,
  book: { title?: string; author?: string; isbn?: string; rejected?: string[] },
  options: { priority: SlotPriority; key: string; budgetMs: number },
): Promise<CoverSearchResult> {
  const id = "query";
  const facts: CatalogueFact[] = await ctx.runQuery(internal.coverBackfill.catalogueFacts, {
    books: [{ title: book.title, author: book.author, isbn: book.isbn }],
  });
  const budgetEnd = Date.now() + options.budgetMs;
  const pacing = { priority: options.priority, key: options.key, deadline: budgetEnd };
  const summary = await runLookup(
    [{ id, ...book }],
    lookupContext(facts),
    {
      ...stepDeps(ctx, { key: options.key, deadline: budgetEnd }),
      begin: async (needs) => {
        const grants = await ctx.runMutation(internal.coverBackfill.reserveSlots, { needs: needList(needs), ...pacing });
        return { claimed: [id], grants: toGrants(grants) };
      },
      commit: async (results, next) => {
        const r = await ctx.runMutation(internal.coverBackfill.commitFacts, {
          facts: results.facts,
          ...(next ? { next: { needs: needList(next), ...pacing } } : {}),
        });
        return {
          written: results.written.map(() => "updated" as const),
          failed: results.failed.map(() => "recorded" as const),
          ...(r.grants ? { grants: toGrants(r.grants) } : {}),
        };
      },
    },
    { budgetEnd },
  );
  const state = summary.records[0].state;
  if (state.phase === "written") return { apiCoverUrl: state.url, apiSource: state.source as CoverSource };
  if (state.phase === "failed") return { reason: state.reason };
  if (state.phase === "deferred" && state.why === "source_paused") {
    const pausedSources = (summary.records[0].progress.waitedFor ?? []) as CoverSource[];
    return {
      reason: "rate_limited",
      ...(summary.retryAfterMs !== undefined ? { retryAfterMs: summary.retryAfterMs } : {}),
      pausedSources,
      allPaused: summary.stoppedBy === "rate_limited",
    };
  }
  return { reason: "not_sent" };
}
