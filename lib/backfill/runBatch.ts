/**
 * Cover lookups for a list of books, step by step. A step:
 *
 * 1. settles what the facts already say (the deployment's catalogue and what this run learnt) and
 *    plans the requests the other books need next: ISBN stages many books per request (the
 *    same ISBN once), searches one title + author per request (the same one once);
 * 2. has its request slots reserved (and its books claimed) in one call (`begin`, or the previous
 *    step's `commit`);
 * 3. sends each request at its slot, learns facts from the answers (or the books' transient errors),
 *    pauses a source that asks to slow down or refuses, and moves every book on;
 * 4. hands what it settled (covers to write, failures to record, facts to keep) to one `commit`.
 *
 * Each book carries one explicit state (bookState.ts); `summarize` builds the outcome from them.
 * Framework-free: the Convex actions wire in the real reservation and writes, tests and the
 * benchmark their own.
 */
import { boundedFact, factId, isbnFactKey, type CatalogueFact } from "../cover/catalogue";
import type { FetchJsonResult } from "../cover/http";
import { errorClass } from "../cover/source";
import type { IsbnStageResult, SearchStageResult, StageError } from "../cover/sources/types";
import {
  advance,
  isFinished,
  newRecord,
  followingSearch,
  worseTransient,
  type BookRecord,
  type CoverReason,
  type FailureReason,
  type LookupBook,
  type LookupContext,
} from "./bookState";

export * from "./bookState";

/** Requests a step needs, per source id. */
export type SourceNeeds = Record<string, number>;

/** What the reservation gave one source: slot times (possibly fewer than asked), or a pause. */
export type SourceGrant =
  { slots: number[]; retryAt?: number } | { paused: { until: number; reason: "rate_limited" | "refused" } };

export type Grants = Record<string, SourceGrant>;

/** One planned request: a stage of a source, for one or more books. */
export interface PlannedRequest<Id extends string> {
  stageIndex: number;
  sourceId: string;
  /** ISBN stages: the ISBN-13s asked. */
  isbns?: string[];
  /** Search stages: the title and author asked, and their fact key. */
  search?: { title: string; author: string; key: string };
  records: BookRecord<Id>[];
}

export interface StepPlan<Id extends string> {
  requests: PlannedRequest<Id>[];
  needs: SourceNeeds;
}

/** What a step needs from outside: the clock, the network, and the shared pause. */
export interface StepDeps {
  now(): number;
  /** Resolves at `t` (epoch ms). */
  sleepUntil(t: number): Promise<void>;
  /** One GET to a cover source (timeout and User-Agent applied by the caller). */
  send(url: string): Promise<FetchJsonResult>;
  /** A source answered 429/503 or 403: pause it for every run; resolves with when the pause ends. */
  pause(sourceId: string, error: Extract<StageError, { kind: "rate_limited" | "refused" }>): Promise<number>;
  /** One more slot of the source, to send a slow request again (null: none to be had now). Without it, nothing is hedged. */
  hedge?(sourceId: string): Promise<number | null>;
  /** Told when a request is sent a second time (for counting). */
  onHedge?(): void;
}

/** A book a further step may take up: not settled, and not passed over for good in this run. */
export function awaitsStep(state: BookRecord["state"]): boolean {
  if (state.phase === "deferred") return state.why === "next_step" || state.why === "not_sent";
  return !isFinished(state);
}

/**
 * Plans the next step for the unfinished records: settles those the facts answer and groups the
 * requests the others need (ISBN batches first, in stage order, then searches in book order).
 */
export function planStep<Id extends string>(
  records: readonly BookRecord<Id>[],
  ctx: LookupContext,
  options: { isbnOnly?: boolean } = {},
): StepPlan<Id> {
  const isbnGroups = new Map<number, Map<string, BookRecord<Id>[]>>();
  const searches = new Map<string, PlannedRequest<Id>>();
  const addSearch = (record: BookRecord<Id>, need: { stageIndex: number; key: string }) => {
    const { stage, source } = ctx.stages[need.stageIndex];
    const id = factId(stage.id, need.key);
    const request = searches.get(id);
    if (request) request.records.push(record);
    else {
      searches.set(id, {
        stageIndex: need.stageIndex,
        sourceId: source.adapter.id,
        search: { title: record.book.title ?? "", author: record.book.author ?? "", key: need.key },
        records: [record],
      });
    }
  };
  for (const record of records) {
    if (!awaitsStep(record.state)) continue;
    // Still claimed from the step before (a run keeps its books' leases until it commits them).
    if (record.state.phase === "deferred") record.state = { phase: "claimed" };
    const need = advance(record, ctx);
    if (!need) continue;
    const { stage } = ctx.stages[need.stageIndex];
    if (stage.kind === "search") {
      // An ISBN step asks only ISBN stages; the book's search waits for a later step.
      if (options.isbnOnly) record.state = { phase: "deferred", why: "next_step" };
      else addSearch(record, need);
      continue;
    }
    const group = isbnGroups.get(need.stageIndex) ?? new Map<string, BookRecord<Id>[]>();
    const isbn = need.key.slice("isbn:".length);
    group.set(isbn, [...(group.get(isbn) ?? []), record]);
    isbnGroups.set(need.stageIndex, group);
    const search = options.isbnOnly ? null : followingSearch(record, ctx, need.stageIndex);
    if (search) addSearch(record, search);
  }
  const requests: PlannedRequest<Id>[] = [];
  for (const stageIndex of [...isbnGroups.keys()].sort((a, b) => a - b)) {
    const { stage, source } = ctx.stages[stageIndex];
    const isbns = [...isbnGroups.get(stageIndex)!.keys()];
    const per = stage.kind === "isbn" ? stage.maxPerRequest : 1;
    for (let i = 0; i < isbns.length; i += per) {
      const chunk = isbns.slice(i, i + per);
      requests.push({
        stageIndex,
        sourceId: source.adapter.id,
        isbns: chunk,
        records: chunk.flatMap((isbn) => isbnGroups.get(stageIndex)!.get(isbn)!),
      });
    }
  }
  requests.push(...searches.values());
  const needs: SourceNeeds = {};
  for (const r of requests) needs[r.sourceId] = (needs[r.sourceId] ?? 0) + 1;
  return { requests, needs };
}

/** A failed step of Folio's own (not an answer about any book): logged by its class only. */
export function logStepError(where: string, e: unknown): void {
  console.warn(JSON.stringify({ event: "cover_step_error", where, error: errorClass(e) }));
}

/** What one request's answer teaches: facts, or its books' transient error, or a paused source. */
type StageResult = IsbnStageResult | SearchStageResult;

/** Sends one planned request (its slot already reached) and reads the stage's answer. */
function sendRequest<Id extends string>(request: PlannedRequest<Id>, ctx: LookupContext, deps: StepDeps): Promise<StageResult> {
  const { stage, source } = ctx.stages[request.stageIndex];
  const get = (url: string) => deps.send(url);
  return stage.kind === "isbn"
    ? stage.run(request.isbns ?? [], { get, apiKey: source.apiKey })
    : stage.run({ title: request.search!.title, author: request.search!.author }, { get, apiKey: source.apiKey });
}

/** An answer worth having: anything but a timeout or a server error (which a second try may well beat). */
const useful = (r: StageResult) => r.ok || (r.error.kind !== "timeout" && r.error.kind !== "upstream_error");

/** The first useful of two answers; if neither is useful, the later one. */
function firstUseful(a: Promise<StageResult>, b: Promise<StageResult>): Promise<StageResult> {
  return new Promise((resolve, reject) => {
    let pending = 2;
    const take = (r: StageResult) => {
      pending--;
      if (useful(r) || pending === 0) resolve(r);
    };
    a.then(take, reject);
    b.then(take, reject);
  });
}

/** A request still unanswered this long after it was sent is sent once more (on a slot of its own). */
export const HEDGE_AFTER_MS = 2_000;

/**
 * Sends a request; when it is still unanswered after HEDGE_AFTER_MS and a slot can be had at once
 * (`deps.hedge`), sends it again, and the first useful answer wins. A hung request then costs its
 * books two seconds, not a five-second timeout (and a `timeout` against them).
 */
async function sendHedged<Id extends string>(
  request: PlannedRequest<Id>,
  ctx: LookupContext,
  deps: StepDeps,
): Promise<StageResult> {
  const first = sendRequest(request, ctx, deps);
  if (!deps.hedge) return await first;
  const slow = deps.sleepUntil(deps.now() + HEDGE_AFTER_MS).then(() => "slow" as const);
  const early = await Promise.race([first, slow]);
  if (early !== "slow") return early;
  const slot = await Promise.race([deps.hedge(request.sourceId).catch(() => null), first.then(() => "answered" as const)]);
  if (slot === "answered" || slot === null) return await first;
  const reached = await Promise.race([deps.sleepUntil(slot).then(() => "slot" as const), first.then(() => "answered" as const)]);
  if (reached === "answered" || ctx.paused.has(request.sourceId)) return await first;
  deps.onHedge?.();
  return await firstUseful(first, sendRequest(request, ctx, deps));
}

async function handleAnswer<Id extends string>(
  request: PlannedRequest<Id>,
  ctx: LookupContext,
  deps: StepDeps,
  learnt: CatalogueFact[],
): Promise<void> {
  const { stage, source } = ctx.stages[request.stageIndex];
  const result = await sendHedged(request, ctx, deps);
  const learn = (fact: CatalogueFact) => {
    const bounded = boundedFact(fact);
    ctx.facts.set(factId(bounded.stage, bounded.key), bounded);
    learnt.push(bounded);
  };
  if (result.ok) {
    if ("answers" in result) {
      for (const isbn of request.isbns ?? []) {
        const answer = result.answers.get(isbn);
        learn({ stage: stage.id, key: isbnFactKey(isbn), known: answer !== undefined, covers: answer?.covers ?? [] });
      }
    } else {
      learn({
        stage: stage.id,
        key: request.search!.key,
        known: true,
        covers: result.covers.map((url) => ({ url, titles: [] })),
      });
    }
    return;
  }
  const error = result.error;
  if (error.kind === "rate_limited" || error.kind === "refused") {
    let until: number;
    try {
      until = await deps.pause(source.adapter.id, error);
    } catch (e) {
      logStepError("pause", e);
      until = deps.now() + (error.kind === "rate_limited" ? (error.retryAfterMs ?? 1000) : 60_000);
    }
    ctx.paused.set(source.adapter.id, Math.max(ctx.paused.get(source.adapter.id) ?? 0, until));
    if (error.kind === "refused") (ctx.refused ??= new Set()).add(source.adapter.id);
    return;
  }
  // A timeout or server error: the books go on, remembering it. After a failed request for many
  // ISBNs they skip the source's other ISBN stages too (whose requests would carry the same ISBNs, one
  // of which may be what the source hangs on) for its search, one book per request.
  const skipped =
    stage.kind === "isbn" && (request.isbns?.length ?? 0) > 1
      ? source.adapter.stages.filter((s) => s.kind === "isbn").map((s) => s.id)
      : [stage.id];
  for (const record of request.records) {
    record.progress.worst = worseTransient(record.progress.worst, error.kind);
    record.skip = new Set([...(record.skip ?? []), ...skipped]);
  }
}

/**
 * Runs a planned step with its grants: every request waits for its slot, then is sent (unless its
 * source was paused meanwhile); books whose request got no slot are `not_sent`. Afterwards every
 * book of the step is moved on with what was learnt. Returns the facts learnt.
 */
export async function executeStep<Id extends string>(
  plan: StepPlan<Id>,
  grants: Grants,
  ctx: LookupContext,
  deps: StepDeps,
): Promise<CatalogueFact[]> {
  const learnt: CatalogueFact[] = [];
  for (const [sourceId, grant] of Object.entries(grants)) {
    if (!("paused" in grant)) continue;
    ctx.paused.set(sourceId, Math.max(ctx.paused.get(sourceId) ?? 0, grant.paused.until));
    if (grant.paused.reason === "refused") (ctx.refused ??= new Set()).add(sourceId);
  }
  const next = new Map<string, number>();
  const sends: Promise<void>[] = [];
  const asked = new Set<BookRecord<Id>>();
  for (const request of plan.requests) {
    const live = request.records.filter((r) => r.state.phase !== "deferred");
    if (live.length === 0) continue;
    const grant = grants[request.sourceId];
    if (ctx.paused.has(request.sourceId)) {
      // Paused before it was sent: its books move on past this source.
      for (const r of live) asked.add(r);
      continue;
    }
    const slots = grant && "slots" in grant ? grant.slots : [];
    const i = next.get(request.sourceId) ?? 0;
    if (i >= slots.length) {
      // Not sent (a book in another request of this step that was sent stays asked).
      for (const r of live) if (!asked.has(r)) r.state = { phase: "deferred", why: "not_sent" };
      continue;
    }
    next.set(request.sourceId, i + 1);
    const slot = slots[i];
    for (const r of live) {
      r.state = { phase: "asked" };
      asked.add(r);
    }
    sends.push(
      (async () => {
        await deps.sleepUntil(slot);
        if (ctx.paused.has(request.sourceId)) return;
        try {
          await handleAnswer({ ...request, records: live }, ctx, deps, learnt);
        } catch (e) {
          logStepError("request", e);
          for (const r of live) r.state = { phase: "deferred", why: "errored" };
        }
      })(),
    );
  }
  await Promise.all(sends);
  for (const record of asked) {
    if (record.state.phase === "deferred") continue;
    record.state = { phase: "asked" };
    if (advance(record, ctx)) record.state = { phase: "deferred", why: "next_step" };
  }
  return learnt;
}

/** What one commit stores: covers found, failures to record, facts learnt, leases to end. */
export interface StepCommit<Id extends string> {
  written: { bookId: Id; url: string; source: string }[];
  failed: { bookId: Id; reason: FailureReason }[];
  facts: CatalogueFact[];
  release: Id[];
}

/** What storing a found cover did: stored, or not (the book got a cover meanwhile, is gone, or turned the cover down). */
export type WriteOutcome = "updated" | "already_has_cover" | "gone" | "rejected";
/** What recording a failure did. */
export type RecordOutcome = "recorded" | "already_has_cover" | "gone";

/** What the commit did: per written book whether the cover was stored, per failure whether it was recorded. */
export interface CommitResult {
  written: WriteOutcome[];
  failed: RecordOutcome[];
  /** The next step's grants, when it asked for them. */
  grants?: Grants;
}

export interface LookupDeps<Id extends string> extends StepDeps {
  /** Claims the books for this run (a lease) and reserves the first step's slots, in one call. */
  begin(needs: SourceNeeds, bookIds: Id[]): Promise<{ claimed: Id[]; grants: Grants }>;
  /** Stores one step's results and, when `next` is given, reserves the next step's slots, in one call. */
  commit(results: StepCommit<Id>, next: SourceNeeds | null): Promise<CommitResult>;
}

export interface LookupOptions {
  /** No step starts after this (epoch ms); the reservation grants no slot after it either. */
  budgetEnd: number;
  /** At most this many steps (each one more request per book). Default 5. */
  maxSteps?: number;
}

/** A step needs at least this long before the budget's end to be worth starting. */
export const MIN_STEP_MS = 1_000;

/** What a lookup run did, book by book and in sum (see `summarize`). */
export interface LookupSummary<Id extends string> {
  processed: number;
  updated: number;
  failures: { bookId: Id; reason: FailureReason }[];
  reasons: Partial<Record<CoverReason, number>>;
  /** The books in list order, and the state each ended in. */
  records: BookRecord<Id>[];
  /** What the commits did with each settled book. */
  writes: ReadonlyMap<Id, WriteOutcome | RecordOutcome>;
  /** Books from the start of the list this run is through with, without a gap (finished or passed over). */
  finishedPrefix: number;
  finishedIds: Id[];
  /** Books waiting for a paused source (no attempt, no back-off). */
  deferred: Id[];
  heldElsewhere: Id[];
  stoppedBy?: "budget" | "rate_limited";
  /** The longest pause still running for a source the run needed (ms). */
  retryAfterMs?: number;
  sourcePaused?: boolean;
}

/** The outcome of a run from its books' states and the writes' answers. Pure. */
export function summarize<Id extends string>(
  records: readonly BookRecord<Id>[],
  writes: ReadonlyMap<Id, WriteOutcome | RecordOutcome>,
  ctx: Pick<LookupContext, "paused" | "stages">,
  now: number,
): LookupSummary<Id> {
  const out: LookupSummary<Id> = {
    processed: 0,
    updated: 0,
    failures: [],
    reasons: {},
    records: [...records],
    writes,
    finishedPrefix: 0,
    finishedIds: [],
    deferred: [],
    heldElsewhere: [],
  };
  const needed = new Set(ctx.stages.map((s) => s.source.adapter.id));
  const everyPaused = [...needed].every((id) => (ctx.paused.get(id) ?? 0) > now);
  let prefixOpen = true;
  for (const r of records) {
    const id = r.book.id;
    const s = r.state;
    const finished = isFinished(s);
    // A book waiting for one paused source while others answered is passed over (a later run finds
    // it); while every source is paused, the run stops and comes back to it.
    const passed =
      s.phase === "deferred" &&
      ((s.why === "source_paused" && !everyPaused) || s.why === "held_elsewhere" || s.why === "errored");
    if (finished) {
      out.processed++;
      out.finishedIds.push(id);
    }
    if (s.phase === "written" && writes.get(id) === "updated") out.updated++;
    if (s.phase === "failed" && writes.get(id) === "recorded") {
      out.failures.push({ bookId: id, reason: s.reason });
      out.reasons[s.reason] = (out.reasons[s.reason] ?? 0) + 1;
    }
    if (s.phase === "deferred" && s.why === "source_paused") out.deferred.push(id);
    if (s.phase === "deferred" && s.why === "held_elsewhere") out.heldElsewhere.push(id);
    if (prefixOpen && (finished || passed)) out.finishedPrefix++;
    else prefixOpen = false;
  }
  const pauses = [...ctx.paused.values()].filter((until) => until > now);
  if (pauses.length > 0) {
    out.sourcePaused = true;
    out.retryAfterMs = Math.max(...pauses) - now;
  }
  const unfinished = records.some(
    (r) => r.state.phase === "deferred" && (r.state.why === "not_sent" || r.state.why === "next_step"),
  );
  if (everyPaused && (unfinished || out.deferred.length > 0)) out.stoppedBy = "rate_limited";
  else if (unfinished) out.stoppedBy = "budget";
  return out;
}

/** Books whose lookup this run ends without finishing: a transient error they met becomes their failure. */
function finalize<Id extends string>(records: readonly BookRecord<Id>[]): void {
  for (const r of records) {
    if (r.state.phase !== "deferred" || (r.state.why !== "next_step" && r.state.why !== "not_sent")) continue;
    // A lookup that timed out (or met a server error) ends with that failure and its back-off, so
    // the next run moves past the book instead of asking the same hanging source again.
    if (r.progress.worst) r.state = { phase: "failed", reason: r.progress.worst };
  }
}

/** The records settled since the last commit, as a commit. */
function commitOf<Id extends string>(
  records: readonly BookRecord<Id>[],
  committed: Set<Id>,
  facts: CatalogueFact[],
  claimed: ReadonlySet<Id>,
  final: boolean,
): StepCommit<Id> {
  const commit: StepCommit<Id> = { written: [], failed: [], facts, release: [] };
  for (const r of records) {
    const id = r.book.id;
    if (committed.has(id)) continue;
    const s = r.state;
    if (s.phase === "written") commit.written.push({ bookId: id, url: s.url, source: s.source });
    else if (s.phase === "failed") commit.failed.push({ bookId: id, reason: s.reason });
    else if (!final && awaitsStep(s)) continue;
    committed.add(id);
    if (claimed.has(id)) commit.release.push(id);
  }
  return commit;
}

/**
 * Looks up the books step by step until each is settled, the steps run out, or the budget ends;
 * every step's results are committed (the next step's slots reserved in the same call).
 */
export async function runLookup<Id extends string>(
  books: readonly LookupBook<Id>[],
  ctx: LookupContext,
  deps: LookupDeps<Id>,
  options: LookupOptions,
): Promise<LookupSummary<Id>> {
  const records = books.map(newRecord);
  const maxSteps = options.maxSteps ?? 5;
  const writes = new Map<Id, WriteOutcome | RecordOutcome>();
  const committed = new Set<Id>();
  const claimed = new Set<Id>();
  let plan = planStep(records, ctx);
  let grants: Grants = {};
  if (plan.requests.length > 0) {
    const ids = [...new Set(plan.requests.flatMap((r) => r.records.map((rec) => rec.book.id)))];
    try {
      const begun = await deps.begin(plan.needs, ids);
      grants = begun.grants;
      for (const id of begun.claimed) claimed.add(id);
      for (const r of records)
        if (ids.includes(r.book.id) && !claimed.has(r.book.id)) r.state = { phase: "deferred", why: "held_elsewhere" };
      for (const r of records) if (claimed.has(r.book.id)) r.state = { phase: "claimed" };
    } catch (e) {
      logStepError("begin", e);
      for (const r of records) if (!isFinished(r.state)) r.state = { phase: "deferred", why: "errored" };
      plan = { requests: [], needs: {} };
    }
  }
  for (let step = 1; ; step++) {
    let facts: CatalogueFact[] = [];
    if (plan.requests.length > 0) facts = await executeStep(plan, grants, ctx, deps);
    const more = step < maxSteps && deps.now() + MIN_STEP_MS < options.budgetEnd;
    const nextPlan = more ? planStep(records, ctx) : null;
    const last = !nextPlan || nextPlan.requests.length === 0;
    if (last) finalize(records);
    const commit = commitOf(records, committed, facts, claimed, last);
    let result: CommitResult;
    try {
      result = await deps.commit(commit, last ? null : nextPlan.needs);
    } catch (e) {
      logStepError("commit", e);
      // Nothing was stored: the books stay as they were (no failure, no back-off).
      for (const r of records) {
        if (commit.written.some((w) => w.bookId === r.book.id) || commit.failed.some((f) => f.bookId === r.book.id)) {
          r.state = { phase: "deferred", why: "errored" };
        }
      }
      break;
    }
    commit.written.forEach((w, i) => writes.set(w.bookId, result.written[i] ?? "gone"));
    commit.failed.forEach((f, i) => writes.set(f.bookId, result.failed[i] ?? "gone"));
    if (last) break;
    plan = nextPlan;
    grants = result.grants ?? {};
  }
  return summarize(records, writes, ctx, deps.now());
}
