import { describe, expect, test, vi } from "vitest";
import {
  executeStep,
  newRecord,
  planStep,
  runLookup,
  summarize,
  type BookRecord,
  type CommitResult,
  type Grants,
  type LookupBook,
  type LookupContext,
  type LookupDeps,
  type SourceNeeds,
  type StepCommit,
} from "@/lib/backfill/runBatch";
import { factId, isbnFactKey, titleFactKey, type CatalogueFact } from "@/lib/cover/catalogue";
import type { CoverSourceAdapter, IsbnStageResult, SearchStageResult, StageError } from "@/lib/cover/sources/types";

const cover = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;

/** A fake source in the registry's shape: an ISBN stage (3 per request) and a search stage, answering from maps. */
function fakeSource(world: {
  isbns?: Record<string, { covers: { url: string; titles: string[] }[] }>;
  titles?: Record<string, string[]>;
  isbnError?: StageError;
  searchError?: (title: string) => StageError | undefined;
  throwOn?: string;
}) {
  const isbnCalls: string[][] = [];
  const searchCalls: string[] = [];
  const adapter: CoverSourceAdapter = {
    id: "open-library",
    label: "Fake",
    keyPrefix: "ol",
    coverHosts: ["covers.openlibrary.org"],
    pacing: { limit: { perMinute: 180, burst: 20 }, bulkWindow: { maxRequests: 3, windowMs: 1100 } },
    coverKey: () => null,
    stages: [
      {
        kind: "isbn",
        id: "ol.isbn",
        maxPerRequest: 3,
        run: async (isbns): Promise<IsbnStageResult> => {
          isbnCalls.push([...isbns]);
          if (world.isbnError) return { ok: false, error: world.isbnError };
          return { ok: true, answers: new Map(isbns.flatMap((i) => (world.isbns?.[i] ? [[i, world.isbns[i]] as const] : []))) };
        },
      },
      {
        kind: "search",
        id: "ol.search",
        run: async (book): Promise<SearchStageResult> => {
          searchCalls.push(book.title);
          if (world.throwOn === book.title) throw new TypeError("a bug with Secret Title in it");
          const error = world.searchError?.(book.title);
          if (error) return { ok: false, error };
          return { ok: true, covers: world.titles?.[book.title] ?? [] };
        },
      },
    ],
  };
  const ctx = (facts: CatalogueFact[] = []): LookupContext => ({
    stages: adapter.stages.map((stage) => ({ stage, source: { adapter } })),
    facts: new Map(facts.map((f) => [factId(f.stage, f.key), f])),
    paused: new Map(),
  });
  return { adapter, ctx, isbnCalls, searchCalls };
}

const T0 = 1_000_000;
const stepDeps = {
  now: () => T0,
  sleepUntil: async () => {},
  send: async () => ({ ok: false, kind: "timeout" }) as const,
  pause: vi.fn(
    async (_source: string, error: StageError) =>
      T0 + ("retryAfterMs" in error && error.retryAfterMs ? error.retryAfterMs : 2000),
  ),
};

/** Every slot a step asks for, at once. */
const allSlots = (needs: SourceNeeds): Grants =>
  Object.fromEntries(Object.entries(needs).map(([s, n]) => [s, { slots: Array.from({ length: n }, () => T0) }]));

/** runLookup's deps that store nothing but remember every commit, granting every slot (or `grant` of them). */
function lookupDeps(grant?: (needs: SourceNeeds) => Grants) {
  const commits: StepCommit<string>[] = [];
  const begins: { needs: SourceNeeds; bookIds: string[] }[] = [];
  const deps: LookupDeps<string> = {
    ...stepDeps,
    begin: async (needs, bookIds) => {
      begins.push({ needs, bookIds });
      return { claimed: bookIds, grants: (grant ?? allSlots)(needs) };
    },
    commit: async (results, next): Promise<CommitResult> => {
      commits.push(results);
      return {
        written: results.written.map(() => "updated"),
        failed: results.failed.map(() => "recorded"),
        ...(next ? { grants: (grant ?? allSlots)(next) } : {}),
      };
    },
  };
  return { deps, commits, begins };
}

const book = (id: string, extra: Partial<LookupBook> = {}): LookupBook => ({
  id,
  title: `Title ${id}`,
  author: "Ada Writer",
  ...extra,
});
const phases = (records: readonly BookRecord[]) => Object.fromEntries(records.map((r) => [r.book.id, r.state]));

describe("planStep", () => {
  test("asks about each ISBN once, at most maxPerRequest per request, and each title + author once", () => {
    const src = fakeSource({});
    const books = [
      book("a", { isbn: "9780140328721" }),
      book("b", { isbn: "9780140328721" }),
      book("c", { isbn: "9780547928227" }),
      book("d", { isbn: "9780441478125" }),
      book("e", { isbn: "9780756404741" }),
      book("f", { title: "Same Title" }),
      book("g", { title: "Same Title" }),
    ];
    const plan = planStep(books.map(newRecord), src.ctx());
    expect(plan.requests.map((r) => r.isbns ?? r.search?.title)).toEqual([
      ["9780140328721", "9780547928227", "9780441478125"],
      ["9780756404741"],
      "Same Title",
    ]);
    expect(plan.requests[0].records.map((r) => r.book.id)).toEqual(["a", "b", "c", "d"]);
    expect(plan.requests[2].records.map((r) => r.book.id)).toEqual(["f", "g"]);
    expect(plan.needs).toEqual({ "open-library": 3 });
  });

  test("settles what the facts say without a request; a rejected cover in a fact counts as none", () => {
    const src = fakeSource({});
    const facts: CatalogueFact[] = [
      { stage: "ol.isbn", key: isbnFactKey("9780140328721"), known: true, covers: [{ url: cover(1), titles: ["Title a"] }] },
      { stage: "ol.search", key: titleFactKey("Title b", "Ada Writer")!, known: true, covers: [{ url: cover(2), titles: [] }] },
    ];
    const records = [book("a", { isbn: "9780140328721" }), book("b", { rejected: ["ol:2"] })].map(newRecord);
    const plan = planStep(records, src.ctx(facts));
    expect(phases(records)).toEqual({
      a: { phase: "written", url: cover(1), source: "open-library" },
      b: { phase: "failed", reason: "not_found" },
    });
    expect(plan.requests).toEqual([]);
  });

  test("a book with neither an ISBN nor both title and author fails with no_metadata, without a request", () => {
    const src = fakeSource({});
    const records = [newRecord(book("x", { author: "" }))];
    expect(planStep(records, src.ctx()).requests).toEqual([]);
    expect(records[0].state).toEqual({ phase: "failed", reason: "no_metadata" });
  });
});

describe("executeStep", () => {
  test("an ISBN answer is taken only when its titles agree with the book's; otherwise the book goes on to its search", async () => {
    const src = fakeSource({
      isbns: { "9780316160209": { covers: [{ url: cover(111), titles: ["Eclipse"] }] } },
      titles: { "New Moon": [cover(222)] },
    });
    const ctx = src.ctx();
    const records = [
      newRecord(book("moon", { title: "New Moon", isbn: "9780316160209" })),
      newRecord(book("eclipse", { title: "Eclipse", isbn: "9780316160209" })),
    ];
    let plan = planStep(records, ctx);
    const learnt = await executeStep(plan, allSlots(plan.needs), ctx, stepDeps);
    expect(learnt).toEqual([
      { stage: "ol.isbn", key: "isbn:9780316160209", known: true, covers: [{ url: cover(111), titles: ["Eclipse"] }] },
    ]);
    expect(phases(records)).toEqual({
      moon: { phase: "deferred", why: "next_step" },
      eclipse: { phase: "written", url: cover(111), source: "open-library" },
    });
    plan = planStep(records, ctx);
    await executeStep(plan, allSlots(plan.needs), ctx, stepDeps);
    expect(records[0].state).toEqual({ phase: "written", url: cover(222), source: "open-library" });
  });

  test("requests without a slot leave their books not_sent, unchanged", async () => {
    const src = fakeSource({ titles: { "Title a": [cover(1)] } });
    const ctx = src.ctx();
    const records = [newRecord(book("a")), newRecord(book("b"))];
    const plan = planStep(records, ctx);
    await executeStep(plan, { "open-library": { slots: [T0] } }, ctx, stepDeps);
    expect(phases(records)).toEqual({
      a: { phase: "written", url: cover(1), source: "open-library" },
      b: { phase: "deferred", why: "not_sent" },
    });
    expect(src.searchCalls).toEqual(["Title a"]);
  });

  test("a 429 pauses the source (shared through `pause`); its books wait for it, no failure", async () => {
    const src = fakeSource({ searchError: () => ({ kind: "rate_limited", retryAfterMs: 30_000 }) });
    const ctx = src.ctx();
    const records = [newRecord(book("a"))];
    const plan = planStep(records, ctx);
    await executeStep(plan, allSlots(plan.needs), ctx, stepDeps);
    expect(stepDeps.pause).toHaveBeenCalledWith("open-library", { kind: "rate_limited", retryAfterMs: 30_000 });
    expect(ctx.paused.get("open-library")).toBe(T0 + 30_000);
    expect(records[0].state).toEqual({ phase: "deferred", why: "source_paused" });
    expect(records[0].progress.waitedFor).toEqual(["open-library"]);
  });

  test("a timeout of a request for many ISBNs sends its books on to the search, remembering the timeout", async () => {
    const src = fakeSource({ isbnError: { kind: "timeout" }, titles: { "Title a": [cover(5)] } });
    const ctx = src.ctx();
    const records = [book("a", { isbn: "9780140328721" }), book("b", { isbn: "9780547928227" })].map(newRecord);
    let plan = planStep(records, ctx);
    await executeStep(plan, allSlots(plan.needs), ctx, stepDeps);
    expect(records.map((r) => r.progress)).toEqual([
      { stage: "ol.search", worst: "timeout" },
      { stage: "ol.search", worst: "timeout" },
    ]);
    plan = planStep(records, ctx);
    await executeStep(plan, allSlots(plan.needs), ctx, stepDeps);
    expect(phases(records)).toEqual({
      a: { phase: "written", url: cover(5), source: "open-library" },
      b: { phase: "failed", reason: "timeout" },
    });
  });

  test("an exception inside a request is Folio's own error: its book is passed over (errored), logged by class only", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const src = fakeSource({ throwOn: "Title a", titles: { "Title b": [cover(2)] } });
    const ctx = src.ctx();
    const records = [newRecord(book("a")), newRecord(book("b"))];
    const plan = planStep(records, ctx);
    await executeStep(plan, allSlots(plan.needs), ctx, stepDeps);
    expect(phases(records)).toEqual({
      a: { phase: "deferred", why: "errored" },
      b: { phase: "written", url: cover(2), source: "open-library" },
    });
    const logged = warn.mock.calls.map((c) => c.join(" ")).join("\n");
    expect(logged).toContain("TypeError");
    expect(logged).not.toContain("Secret Title");
  });
});

describe("runLookup", () => {
  test("steps until every book is settled: one begin, one commit per step (reserving the next), facts kept", async () => {
    const src = fakeSource({
      isbns: { "9780140328721": { covers: [] } },
      titles: { "Title a": [cover(7)] },
    });
    const { deps, commits, begins } = lookupDeps();
    const summary = await runLookup([book("a", { isbn: "9780140328721" }), book("b")], src.ctx(), deps, {
      budgetEnd: T0 + 9_000,
    });
    expect(begins).toHaveLength(1);
    expect(commits.map((c) => ({ written: c.written.map((w) => w.bookId), failed: c.failed.map((f) => f.bookId) }))).toEqual([
      { written: [], failed: ["b"] },
      { written: ["a"], failed: [] },
    ]);
    expect(commits.flatMap((c) => c.facts.map((f) => f.key))).toEqual([
      "isbn:9780140328721",
      titleFactKey("Title b", "Ada Writer"),
      titleFactKey("Title a", "Ada Writer"),
    ]);
    expect(summary).toMatchObject({
      processed: 2,
      updated: 1,
      failures: [{ bookId: "b", reason: "not_found" }],
      finishedPrefix: 2,
    });
    expect(summary.stoppedBy).toBeUndefined();
  });

  test("books another run holds are passed over: the cursor may move past them", async () => {
    const src = fakeSource({ titles: { "Title a": [cover(1)] } });
    const { deps } = lookupDeps((needs) => ({ "open-library": { slots: needs["open-library"] ? [T0] : [] } }));
    deps.begin = async (needs, bookIds) => ({
      claimed: bookIds.filter((id) => id !== "held"),
      grants: { "open-library": { slots: [T0, T0] } },
    });
    const summary = await runLookup([book("held"), book("a"), book("c")], src.ctx(), deps, { budgetEnd: T0 + 500 });
    expect(summary.records.map((r) => r.state)).toEqual([
      { phase: "deferred", why: "held_elsewhere" },
      { phase: "written", url: cover(1), source: "open-library" },
      { phase: "failed", reason: "not_found" },
    ]);
    expect(summary).toMatchObject({ heldElsewhere: ["held"], finishedPrefix: 3, processed: 2 });
  });

  test("a commit that fails (a write conflict) records nothing: its books are left as they were", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const src = fakeSource({ titles: { "Title a": [cover(1)] } });
    const { deps } = lookupDeps();
    deps.commit = async () => {
      throw new Error("conflict");
    };
    const summary = await runLookup([book("a")], src.ctx(), deps, { budgetEnd: T0 + 9_000 });
    expect(summary).toMatchObject({ processed: 0, updated: 0, failures: [] });
    expect(summary.records[0].state).toEqual({ phase: "deferred", why: "errored" });
  });
});

describe("summarize", () => {
  test("counts from the states and the writes' answers; every source paused stops the run for a rate limit", () => {
    const src = fakeSource({});
    const ctx = src.ctx();
    ctx.paused.set("open-library", T0 + 5000);
    const records: BookRecord<string>[] = [
      { book: book("w"), state: { phase: "written", url: cover(1), source: "open-library" }, progress: {} },
      { book: book("s"), state: { phase: "written", url: cover(2), source: "open-library" }, progress: {} },
      { book: book("f"), state: { phase: "failed", reason: "timeout" }, progress: {} },
      { book: book("p"), state: { phase: "deferred", why: "source_paused" }, progress: {} },
    ];
    const writes = new Map([
      ["w", "updated"],
      ["s", "already_has_cover"],
      ["f", "recorded"],
    ] as const);
    const out = summarize(records, writes, ctx, T0);
    expect(out).toMatchObject({
      processed: 3,
      updated: 1,
      failures: [{ bookId: "f", reason: "timeout" }],
      reasons: { timeout: 1 },
      deferred: ["p"],
      finishedPrefix: 3,
      stoppedBy: "rate_limited",
      retryAfterMs: 5000,
      sourcePaused: true,
    });
  });
});
