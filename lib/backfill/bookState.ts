/**
 * One book's way through a lookup, as explicit state: queued → claimed → asked → written / deferred /
 * failed. `advance` moves a book along the lookup stages of the enabled sources as far as the
 * catalogue's facts (and those learnt in this run) allow, and says which request it needs next.
 * Pure: no I/O.
 */
import { coverFromFact, factId, factKeyFor, type CatalogueFact } from "../cover/catalogue";
import type { EnabledSource } from "../cover/sources";
import type { LookupStage } from "../cover/sources/types";

export type CoverReason = "no_metadata" | "not_found" | "timeout" | "rate_limited" | "upstream_error";
/** Why a lookup ended without a cover (a code, never text with book data). */
export type FailureReason = Exclude<CoverReason, "rate_limited">;
export type TransientReason = "timeout" | "upstream_error";

/** Where a book's lookup stands between steps (the import queue keeps it). */
export interface LookupProgress {
  /** The next stage to consider (a stage id); absent: the first; `END_STAGE`: none left. */
  stage?: string;
  /** Sources whose ISBN stages know the book's ISBN. */
  knownTo?: string[];
  /** The worst transient error a request for it met. */
  worst?: TransientReason;
  /** Sources skipped because they were paused. */
  waitedFor?: string[];
}

export const END_STAGE = "end";

export interface LookupBook<Id extends string = string> {
  id: Id;
  title?: string;
  author?: string;
  isbn?: string;
  /** Source keys of covers this book must never get again. */
  rejected?: readonly string[];
  progress?: LookupProgress;
}

/** Why a book is not finished after a step. */
export type DeferReason =
  /** It needs another request, in a later step. */
  | "next_step"
  /** Its request got no slot in this step (the time or the reader's share ran out). */
  | "not_sent"
  /** Every source it still needs is paused. */
  | "source_paused"
  /** Another run holds its lease. */
  | "held_elsewhere"
  /** An error of Folio's own stopped the step (logged by its class). */
  | "errored";

export type BookState =
  | { phase: "queued" }
  | { phase: "claimed" }
  | { phase: "asked" }
  | { phase: "written"; url: string; source: string }
  | { phase: "deferred"; why: DeferReason }
  | { phase: "failed"; reason: FailureReason };

export interface BookRecord<Id extends string = string> {
  book: LookupBook<Id>;
  state: BookState;
  progress: LookupProgress;
  /** Stages whose request for it failed in this run (a timeout, a server error): passed over from now on. */
  skip?: Set<string>;
}

/** The stages and facts a lookup works with. */
export interface LookupContext {
  /** Every enabled source's stages, in order. */
  stages: readonly { stage: LookupStage; source: EnabledSource }[];
  /** Facts by `factId` (the catalogue's, and those learnt by this run). */
  facts: Map<string, CatalogueFact>;
  /** Sources paused for now (source id -> until). */
  paused: Map<string, number>;
  /** Of those, the ones that refused this client (403): their pause needs the operator, not time. */
  refused?: Set<string>;
}

/** The request a book needs next: a stage, its source, and the fact key it asks about. */
export interface Need {
  stageIndex: number;
  key: string;
}

export function newRecord<Id extends string>(book: LookupBook<Id>): BookRecord<Id> {
  return { book, state: { phase: "queued" }, progress: { ...book.progress } };
}

export function isFinished(state: BookState): boolean {
  return state.phase === "written" || state.phase === "failed";
}

const TRANSIENT_RANK: Record<TransientReason, number> = { upstream_error: 1, timeout: 2 };

/** The worse of two transient errors (a timeout over a server error). */
export function worseTransient(a: TransientReason | undefined, b: TransientReason): TransientReason {
  return a === undefined || TRANSIENT_RANK[b] > TRANSIENT_RANK[a] ? b : a;
}

function added(list: string[] | undefined, item: string): string[] {
  return list?.includes(item) ? list : [...(list ?? []), item];
}

/** The index of the stage `progress.stage` names (0 when absent or unknown; the length at the end). */
function startIndex(ctx: LookupContext, stage: string | undefined): number {
  if (stage === END_STAGE) return ctx.stages.length;
  const i = stage === undefined ? -1 : ctx.stages.findIndex((s) => s.stage.id === stage);
  return i === -1 ? 0 : i;
}

/**
 * The source's search that follows its stage `index`, when that stage asks only about ISBNs an
 * earlier stage did not know: asked in the same step (most such books are found by title, if at
 * all, and asking in turn would add a step). Null when there is none or its fact is known.
 */
export function followingSearch(record: BookRecord, ctx: LookupContext, index: number): Need | null {
  const { stage, source } = ctx.stages[index];
  if (stage.kind !== "isbn" || !stage.onlyUnknownIsbns) return null;
  for (let i = index + 1; i < ctx.stages.length && ctx.stages[i].source === source; i++) {
    const next = ctx.stages[i].stage;
    if (next.kind !== "search" || record.skip?.has(next.id)) continue;
    const key = factKeyFor(next, record.book);
    return key === null || ctx.facts.has(factId(next.id, key)) ? null : { stageIndex: i, key };
  }
  return null;
}

/**
 * Moves the book through the stages from where it stands, using facts: a fact with a cover the book
 * may have settles it (`written`); one without moves it on. Returns the request it needs next, or
 * null once it is settled: `written`, `failed` (every stage said no: `not_found`, or its worst
 * transient error; `no_metadata` when no stage applies at all) or `deferred` (`source_paused`).
 */
export function advance<Id extends string>(record: BookRecord<Id>, ctx: LookupContext): Need | null {
  const { book } = record;
  if (!ctx.stages.some(({ stage }) => factKeyFor(stage, book) !== null)) {
    record.state = { phase: "failed", reason: "no_metadata" };
    record.progress.stage = END_STAGE;
    return null;
  }
  for (let i = startIndex(ctx, record.progress.stage); i < ctx.stages.length; i++) {
    const { stage, source } = ctx.stages[i];
    const sourceId = source.adapter.id;
    const key = factKeyFor(stage, book);
    if (key === null || record.skip?.has(stage.id)) continue;
    if (stage.kind === "isbn" && stage.onlyUnknownIsbns && record.progress.knownTo?.includes(sourceId)) continue;
    const fact = ctx.facts.get(factId(stage.id, key));
    if (!fact && ctx.paused.has(sourceId)) {
      // A request is needed, and the source is paused: skip it, remembering what the book waits for.
      record.progress.waitedFor = added(record.progress.waitedFor, sourceId);
      continue;
    }
    if (!fact) {
      record.progress.stage = stage.id;
      return { stageIndex: i, key };
    }
    if (stage.kind === "isbn" && fact.known) record.progress.knownTo = added(record.progress.knownTo, sourceId);
    const url = coverFromFact(fact, stage.kind, book);
    if (url) {
      record.state = { phase: "written", url, source: sourceId };
      record.progress.stage = stage.id;
      return null;
    }
  }
  if (record.progress.waitedFor?.length) {
    // A paused source might have it: looked at again later, from the start (facts make that cheap).
    record.state = { phase: "deferred", why: "source_paused" };
    const { knownTo, worst, waitedFor } = record.progress;
    record.progress = { ...(knownTo ? { knownTo } : {}), ...(worst ? { worst } : {}), waitedFor };
    return null;
  }
  record.state = { phase: "failed", reason: record.progress.worst ?? "not_found" };
  record.progress.stage = END_STAGE;
  return null;
}
