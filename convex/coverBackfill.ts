/**
 * Internal plumbing of the cover backfill (the public entry points, `books.fetchMissingCovers` and
 * `books.listMissingCovers`, live in books.ts) and the reactive progress query for the UI.
 */
import { v } from "convex/values";
import { internalAction, internalMutation, internalQuery, query } from "./_generated/server";
import { requireUserId } from "./model/auth";
import { getBackfillProgress } from "./model/backfillProgress";
import { lookupInput as readLookupInput } from "./model/coverBackfill";
import { readFactsFor, recordFacts } from "./model/coverCatalogue";
import { enabledCoverSources, lookupStages } from "../lib/cover/sources";
import { beginLookup as begin, commitLookup as commit } from "./model/coverLookup";
import {
  clearStoppedRunQueue as clearQueue,
  commitDrainStep as commitStep,
  drainImportBackfillStep,
  rearmStalledDrains as rearmStalled,
  scheduleDrainStep as scheduleStep,
  startDrainStep as startStep,
} from "./model/importBackfill";
import { pauseSource as pauseCoverSource, reserveSlots as reserve } from "./model/sourcePacing";
import { catalogueFact, coverSource, lookupProgressFields } from "./schema";

const priority = v.union(v.literal("interactive"), v.literal("bulk"));
const needs = v.array(v.object({ source: coverSource, count: v.number() }));
const slotAnswers = v.array(
  v.object({
    source: coverSource,
    slots: v.array(v.number()),
    retryAt: v.optional(v.number()),
    paused: v.optional(v.object({ until: v.number(), reason: v.union(v.literal("rate_limited"), v.literal("refused")) })),
  }),
);
const reservation = { needs, priority, key: v.string(), deadline: v.number() };
const failureReason = v.union(
  v.literal("no_metadata"),
  v.literal("not_found"),
  v.literal("timeout"),
  v.literal("upstream_error"),
);

const listedBook = v.object({
  id: v.id("books"),
  title: v.optional(v.string()),
  author: v.optional(v.string()),
  isbn: v.optional(v.string()),
  rejected: v.optional(v.array(v.string())),
  retryAt: v.union(v.number(), v.null()),
  creationTime: v.number(),
});

/** The request slots one lookup step needs, reserved in one transaction (see model/sourcePacing.ts). */
export const reserveSlots = internalMutation({
  args: reservation,
  returns: slotAnswers,
  handler: (ctx, args) => reserve(ctx, args),
});

/** A source answered 429/503 (or 403, `refused`): pause it for every run (Retry-After capped at an hour, or a growing default). */
export const pauseSource = internalMutation({
  args: { source: coverSource, retryAfterMs: v.optional(v.number()), refused: v.optional(v.boolean()) },
  returns: v.number(),
  handler: (ctx, args) => pauseCoverSource(ctx, args),
});

/** Claims a lookup's books (short leases) and reserves its first step's slots, in one transaction. */
export const beginLookup = internalMutation({
  args: { holder: v.string(), bookIds: v.array(v.id("books")), ...reservation },
  returns: v.object({ claimed: v.array(v.id("books")), grants: slotAnswers }),
  handler: (ctx, args) => begin(ctx, args),
});

/** Stores one lookup step's results (covers, failures, facts, leases) and reserves the next step's slots. */
export const commitLookup = internalMutation({
  args: {
    userId: v.id("users"),
    holder: v.string(),
    backoff: v.boolean(),
    written: v.array(v.object({ bookId: v.id("books"), url: v.string(), source: coverSource })),
    failed: v.array(v.object({ bookId: v.id("books"), reason: failureReason })),
    facts: v.array(catalogueFact),
    release: v.array(v.id("books")),
    next: v.optional(v.object(reservation)),
  },
  returns: v.object({
    written: v.array(v.union(v.literal("updated"), v.literal("already_has_cover"), v.literal("gone"), v.literal("rejected"))),
    failed: v.array(v.union(v.literal("recorded"), v.literal("already_has_cover"), v.literal("gone"))),
    grants: v.optional(slotAnswers),
  }),
  handler: (ctx, args) => commit(ctx, args),
});

/** Keeps the facts a lookup of no reader's book learnt (`coverFetch.search`), and reserves its next step's slots. */
export const commitFacts = internalMutation({
  args: { facts: v.array(catalogueFact), next: v.optional(v.object(reservation)) },
  returns: v.object({ grants: v.optional(slotAnswers) }),
  handler: async (ctx, args) => {
    await recordFacts(ctx, args.facts, Date.now());
    return args.next ? { grants: await reserve(ctx, args.next) } : {};
  },
});

/** The catalogue's facts for books of no reader (`coverFetch.search`). */
export const catalogueFacts = internalQuery({
  args: {
    books: v.array(v.object({ title: v.optional(v.string()), author: v.optional(v.string()), isbn: v.optional(v.string()) })),
  },
  returns: v.array(catalogueFact),
  handler: (ctx, args) => readFactsFor(ctx, args.books, lookupStages(enabledCoverSources()), Date.now()),
});

/** One "Fetch missing covers" batch: the books (the same listing as `books.listMissingCovers`) and the catalogue's facts. */
export const lookupInput = internalQuery({
  args: {
    userId: v.id("users"),
    limit: v.optional(v.number()),
    cursor: v.optional(v.string()),
    bookIds: v.optional(v.array(v.id("books"))),
    horizon: v.optional(v.number()),
  },
  returns: v.object({ books: v.array(listedBook), facts: v.array(catalogueFact) }),
  handler: (ctx, args) => readLookupInput(ctx, args),
});

const progressValidator = v.object(lookupProgressFields);

/**
 * A drain step's start, in one transaction: its books (ISBN stages first), the stale entries and the
 * catalogue's facts; then its claims, its request slots, its books marked in flight and the next
 * step scheduled. `none`: nothing for this step to do (the next look is scheduled, or the run ended).
 */
export const startDrainStep = internalMutation({
  args: { backfillId: v.id("coverBackfills"), generation: v.number(), holder: v.string(), deadline: v.number() },
  returns: v.union(
    v.object({ kind: v.literal("none") }),
    v.object({
      kind: v.literal("step"),
      input: v.object({
        userId: v.id("users"),
        state: v.union(v.literal("running"), v.literal("done")),
        generation: v.number(),
        books: v.array(
          v.object({
            id: v.id("books"),
            title: v.optional(v.string()),
            author: v.optional(v.string()),
            isbn: v.optional(v.string()),
            rejected: v.optional(v.array(v.string())),
            progress: progressValidator,
            retried: v.optional(v.boolean()),
          }),
        ),
        stale: v.array(v.id("books")),
        facts: v.array(catalogueFact),
        wakeAt: v.optional(v.number()),
        wakeFor: v.optional(coverSource),
        mode: v.union(v.literal("isbn"), v.literal("search")),
        inFlight: v.number(),
      }),
      claimed: v.array(v.id("books")),
      grants: slotAnswers,
    }),
  ),
  handler: (ctx, args) => startStep(ctx, args),
});

/** Stores one drain step's results, the queue's new standing and the run's counters (and, after a step without requests, schedules the next). */
export const commitDrainStep = internalMutation({
  args: {
    backfillId: v.id("coverBackfills"),
    generation: v.number(),
    userId: v.id("users"),
    holder: v.string(),
    outcomes: v.array(
      v.union(
        v.object({ bookId: v.id("books"), kind: v.literal("written"), url: v.string(), source: coverSource }),
        v.object({ bookId: v.id("books"), kind: v.literal("failed"), reason: failureReason }),
        v.object({
          bookId: v.id("books"),
          kind: v.literal("later"),
          dueAt: v.number(),
          progress: progressValidator,
          retried: v.optional(v.boolean()),
        }),
        v.object({
          bookId: v.id("books"),
          kind: v.literal("waiting"),
          dueAt: v.number(),
          progress: progressValidator,
          leave: v.boolean(),
        }),
      ),
    ),
    stale: v.array(v.id("books")),
    facts: v.array(catalogueFact),
    release: v.array(v.id("books")),
    searchHint: v.optional(v.number()),
    next: v.optional(
      v.object({ at: v.number(), waitingForSourceUntil: v.optional(v.number()), waitingForSource: v.optional(coverSource) }),
    ),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    await commitStep(ctx, args);
    return null;
  },
});

/** Schedules the next step of a drain chain (a stale chain's request is ignored). */
export const scheduleDrainStep = internalMutation({
  args: {
    backfillId: v.id("coverBackfills"),
    generation: v.optional(v.number()),
    at: v.number(),
    waitingForSourceUntil: v.optional(v.number()),
    waitingForSource: v.optional(coverSource),
    failed: v.optional(v.boolean()),
  },
  returns: v.boolean(),
  handler: (ctx, args) => scheduleStep(ctx, args),
});

/** Deletes the queue of a run that stopped after repeated errors, a chunk at a time. */
export const clearStoppedRunQueue = internalMutation({
  args: { backfillId: v.id("coverBackfills") },
  returns: v.null(),
  handler: async (ctx, args) => {
    await clearQueue(ctx, args);
    return null;
  },
});

/** The stall cron (convex/crons.ts): re-arms running drains whose next step is long overdue. */
export const rearmStalledDrains = internalMutation({
  args: {},
  returns: v.number(),
  handler: (ctx) => rearmStalled(ctx),
});

/** One step of an import's server-side backfill; schedules the next step itself, even after an error. */
export const drainImportBackfill = internalAction({
  args: { backfillId: v.id("coverBackfills"), generation: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, args) => {
    await drainImportBackfillStep(ctx, args);
    return null;
  },
});

/** Live backfill progress for the caller: an import's run when `importId` is given, else the latest run. */
export const progress = query({
  args: { importId: v.optional(v.id("imports")) },
  handler: async (ctx, args) => {
    const userId = await requireUserId(ctx);
    return await getBackfillProgress(ctx, userId, args.importId);
  },
});
