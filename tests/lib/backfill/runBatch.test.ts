import { describe, expect, test, vi } from "vitest";
import { runBackfillBatch, type BookToLookUp, type LookupResult, type WriteOutcome } from "@/lib/backfill/runBatch";

type Script = Record<string, LookupResult | ((clock: Clock) => LookupResult)>;

interface Clock {
  t: number;
}

function books(n: number, withIsbn = false): BookToLookUp[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `b${i}`,
    title: `T${i}`,
    author: `A${i}`,
    ...(withIsbn ? { isbn: `97800000000${String(i).padStart(2, "0")}` } : {}),
  }));
}

const found: LookupResult = { apiCoverUrl: "https://covers.openlibrary.org/b/id/1-L.jpg", apiSource: "open-library" };

function harness(script: Script, opts: { costMs?: number; writeOutcome?: (id: string, r: LookupResult) => WriteOutcome } = {}) {
  const clock: Clock = { t: 0 };
  const searched: string[] = [];
  const written: { id: string; r: LookupResult }[] = [];
  const deps = {
    now: () => clock.t,
    search: async (b: BookToLookUp) => {
      searched.push(b.id);
      clock.t += opts.costMs ?? 100;
      const s = script[b.id] ?? { reason: "not_found" as const };
      return typeof s === "function" ? s(clock) : s;
    },
    write: async (id: string, r: LookupResult): Promise<WriteOutcome> => {
      written.push({ id, r });
      if (opts.writeOutcome) return opts.writeOutcome(id, r);
      return "apiCoverUrl" in r ? "updated" : "failure_recorded";
    },
  };
  return { clock, searched, written, deps };
}

describe("runBackfillBatch", () => {
  test("looks every book up once, in order, and counts updates and failures", async () => {
    const h = harness({ b0: found, b1: { reason: "not_found" }, b2: { reason: "timeout" }, b3: found });
    const out = await runBackfillBatch(books(4), h.deps, { budgetMs: 12_000 });
    expect(h.searched).toEqual(["b0", "b1", "b2", "b3"]);
    expect(out).toMatchObject({ processed: 4, updated: 2, finishedPrefix: 4 });
    expect(out.failures).toEqual([
      { bookId: "b1", reason: "not_found" },
      { bookId: "b2", reason: "timeout" },
    ]);
    expect(out.reasons).toEqual({ not_found: 1, timeout: 1 });
    expect(out.stoppedBy).toBeUndefined();
  });

  test("a thrown error (not an answer about the book) passes that book over without a failure, logged by class; the others continue", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const h = harness({ b2: found });
    h.deps.search = (async (b: BookToLookUp) => {
      h.searched.push(b.id);
      if (b.id === "b0") throw new TypeError("boom with Secret Title");
      return b.id === "b2" ? found : { reason: "not_found" };
    }) as typeof h.deps.search;
    const out = await runBackfillBatch(books(3), h.deps, { budgetMs: 12_000 });
    expect(out.processed).toBe(2);
    expect(out.updated).toBe(1);
    expect(out.failures).toEqual([{ bookId: "b1", reason: "not_found" }]);
    expect(out.deferred).toEqual(["b0"]);
    expect(out.finishedPrefix).toBe(3);
    const logged = warn.mock.calls.map((c) => c.join(" ")).join("\n");
    expect(logged).toContain("TypeError");
    expect(logged).not.toContain("Secret Title");
  });

  test("stops starting lookups once the time budget is spent", async () => {
    const h = harness({}, { costMs: 5_000 });
    const out = await runBackfillBatch(books(10), h.deps, { budgetMs: 12_000 });
    // Lookups start at t=0, 5000, 10000; at 15000 the budget is spent.
    expect(h.searched).toEqual(["b0", "b1", "b2"]);
    expect(out.stoppedBy).toBe("budget");
    expect(out.finishedPrefix).toBe(3);
  });

  test("a rate-limited answer ends the batch early without counting the rest as failures", async () => {
    const h = harness({ b0: found, b1: { reason: "rate_limited", retryAfterMs: 30_000 } });
    const out = await runBackfillBatch(books(5), h.deps, { budgetMs: 12_000 });
    expect(h.searched).toEqual(["b0", "b1"]);
    expect(out).toMatchObject({ processed: 1, updated: 1, stoppedBy: "rate_limited", retryAfterMs: 30_000 });
    expect(out.failures).toEqual([]);
    expect(out.finishedPrefix).toBe(1);
    expect(h.written.map((w) => w.id)).toEqual(["b0"]);
  });

  test("a write that finds the book already covered is neither an update nor a failure", async () => {
    const h = harness({ b0: found, b1: { reason: "not_found" } }, { writeOutcome: () => "skipped" });
    const out = await runBackfillBatch(books(2), h.deps, { budgetMs: 12_000 });
    expect(out).toMatchObject({ processed: 2, updated: 0 });
    expect(out.failures).toEqual([]);
  });

  test("books answered by the ISBN prefetch skip the per-book search; others are told the ISBN was checked", async () => {
    const h = harness({ b1: found });
    const hints: Record<string, boolean> = {};
    const search = h.deps.search;
    const list = books(3, true);
    const out = await runBackfillBatch(
      list,
      {
        ...h.deps,
        search: async (b, hint) => {
          hints[b.id] = hint.isbnAlreadyChecked;
          return search(b);
        },
        prefetchByIsbn: async (isbns) => {
          expect(isbns).toEqual(list.map((b) => b.isbn));
          return new Map<string, LookupResult>([
            [list[0].isbn!, found],
            [list[1].isbn!, { reason: "not_found" }],
          ]);
        },
      },
      { budgetMs: 12_000 },
    );
    expect(h.searched).toEqual(["b1", "b2"]);
    expect(hints).toEqual({ b1: true, b2: false });
    expect(out.updated).toBe(2);
  });

  test("with concurrency, lookups overlap but each book is finished once", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const deps = {
      now: () => 0,
      search: async (): Promise<LookupResult> => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return found;
      },
      write: async (): Promise<WriteOutcome> => "updated",
    };
    const out = await runBackfillBatch(books(9), deps, { budgetMs: 12_000, concurrency: 3 });
    expect(maxInFlight).toBe(3);
    expect(out.processed).toBe(9);
    expect(new Set(out.finishedIds).size).toBe(9);
  });

  test("waits for the pacer before every per-book search, never for prefetched books", async () => {
    const h = harness({});
    const list = books(3, true);
    const order: string[] = [];
    const search = h.deps.search;
    await runBackfillBatch(
      list,
      {
        ...h.deps,
        prefetchByIsbn: async () => new Map<string, LookupResult>([[list[0].isbn!, found]]),
        paceLookup: async () => {
          order.push("pace");
        },
        search: async (b) => {
          order.push(b.id);
          return search(b);
        },
      },
      { budgetMs: 12_000 },
    );
    expect(order).toEqual(["pace", "b1", "pace", "b2"]);
  });

  test("covers found by the ISBN prefetch are written before any search finishes", async () => {
    const list = [...books(2), ...books(3, true).slice(2)].map((b, i) => ({ ...b, id: `b${i}` }));
    // b0, b1: no ISBN; b2: ISBN answered with a cover.
    const events: string[] = [];
    await runBackfillBatch(
      list,
      {
        now: () => 0,
        prefetchByIsbn: async () => new Map<string, LookupResult>([[list[2].isbn!, found]]),
        search: async (b) => {
          events.push(`search ${b.id}`);
          await new Promise((r) => setTimeout(r, 5));
          return { reason: "not_found" };
        },
        write: async (id) => {
          events.push(`write ${id}`);
          return "updated";
        },
      },
      { budgetMs: 12_000, concurrency: 1 },
    );
    expect(events.indexOf("write b2")).toBeLessThan(events.indexOf("write b0"));
    expect(events).not.toContain("search b2");
  });

  test("covers found by the prefetch go through one writeMany call (except a book a worker already holds)", async () => {
    const list = books(5, true);
    const many: string[][] = [];
    const single: string[] = [];
    const out = await runBackfillBatch(
      list,
      {
        now: () => 0,
        prefetchByIsbn: async () => new Map<string, LookupResult>(list.slice(0, 4).map((b) => [b.isbn!, found] as const)),
        search: async () => ({ reason: "not_found" }),
        write: async (id, r) => {
          single.push(id);
          return "apiCoverUrl" in r ? "updated" : "failure_recorded";
        },
        writeMany: async (items) => {
          many.push(items.map((i) => i.bookId));
          return items.map((_, j) => (j === 0 ? "skipped" : "updated"));
        },
      },
      { budgetMs: 12_000 },
    );
    // The single worker took b0 before the prefetch answered; b1..b3 were stored together.
    expect(many).toEqual([["b1", "b2", "b3"]]);
    expect(single).toEqual(["b0", "b4"]);
    // b1 was found covered meanwhile ("skipped"): neither updated nor a failure.
    expect(out).toMatchObject({ processed: 5, updated: 3 });
    expect(out.failures).toEqual([{ bookId: "b4", reason: "not_found" }]);
  });

  test("books already checked by ISBN are not prefetched again and are searched with that hint", async () => {
    const list = books(2, true).map((b, i) => ({ ...b, isbnChecked: i === 0 }));
    const prefetched: string[][] = [];
    const hints: boolean[] = [];
    await runBackfillBatch(
      list,
      {
        now: () => 0,
        prefetchByIsbn: async (isbns) => {
          prefetched.push(isbns);
          return new Map<string, LookupResult>([[list[1].isbn!, { reason: "not_found" }]]);
        },
        search: async (_b, hint) => {
          hints.push(hint.isbnAlreadyChecked);
          return { reason: "not_found" };
        },
        write: async () => "failure_recorded",
      },
      { budgetMs: 12_000 },
    );
    expect(prefetched).toEqual([[list[1].isbn]]);
    expect(hints).toEqual([true, true]);
  });

  test("prefetches in chunks of prefetchChunk ISBNs", async () => {
    const list = books(7, true);
    const sizes: number[] = [];
    await runBackfillBatch(
      list,
      {
        now: () => 0,
        prefetchByIsbn: async (isbns) => {
          sizes.push(isbns.length);
          return new Map(isbns.map((i) => [i, found] as const));
        },
        search: async () => found,
        write: async () => "updated",
      },
      { budgetMs: 12_000, prefetchChunk: 3 },
    );
    expect(sizes).toEqual([3, 3, 1]);
  });

  test("an empty list is a clean no-op", async () => {
    const h = harness({});
    const out = await runBackfillBatch([], h.deps, { budgetMs: 12_000 });
    expect(out).toMatchObject({ processed: 0, updated: 0, finishedPrefix: 0 });
    expect(h.searched).toEqual([]);
  });

  test("a book deferred because one source is paused is no failure, and the batch goes on with the others", async () => {
    const h = harness({
      b0: found,
      b1: { reason: "rate_limited", retryAfterMs: 60_000, pausedSources: ["google-books"], allPaused: false },
      b2: found,
    });
    const out = await runBackfillBatch(books(3), h.deps, { budgetMs: 12_000 });
    expect(h.searched).toEqual(["b0", "b1", "b2"]);
    expect(out).toMatchObject({ processed: 2, updated: 2, failures: [], deferred: ["b1"], finishedPrefix: 3 });
    expect(out.stoppedBy).toBeUndefined();
    expect(out.sourcePaused).toBe(true);
    expect(out.retryAfterMs).toBe(60_000);
    expect(h.written.map((w) => w.id)).toEqual(["b0", "b2"]);
  });

  test("a lookup never sent ends the batch as spent budget: not a failure, not written, not finished", async () => {
    const h = harness({ b0: found, b1: { reason: "not_sent" } });
    const out = await runBackfillBatch(books(3), h.deps, { budgetMs: 12_000 });
    expect(out).toMatchObject({ processed: 1, updated: 1, failures: [], stoppedBy: "budget", finishedPrefix: 1 });
    expect(h.written.map((w) => w.id)).toEqual(["b0"]);
  });

  test("a book another run holds (its lease) is left to it: not looked up, but passed for the cursor", async () => {
    const h = harness({ b0: found, b2: found });
    const claims: string[] = [];
    const out = await runBackfillBatch(
      books(3),
      {
        ...h.deps,
        claim: async (id) => {
          claims.push(id);
          return id !== "b1";
        },
      },
      { budgetMs: 12_000 },
    );
    expect(claims).toEqual(["b0", "b1", "b2"]);
    expect(h.searched).toEqual(["b0", "b2"]);
    expect(out).toMatchObject({ processed: 2, heldElsewhere: ["b1"], finishedPrefix: 3 });
  });

  test("prefetch chunks go out together and a book waits only for its own chunk", async () => {
    const list = books(4, true);
    let releaseSecond: () => void = () => undefined;
    const searchedAt: string[] = [];
    const out = runBackfillBatch(
      list,
      {
        now: () => 0,
        prefetchByIsbn: async (isbns) => {
          if (isbns.includes(list[2].isbn!)) await new Promise<void>((r) => (releaseSecond = r));
          return new Map(isbns.map((i) => [i, { reason: "not_found" } as LookupResult]));
        },
        search: async (b) => {
          searchedAt.push(b.id);
          return found;
        },
        write: async () => "updated",
      },
      { budgetMs: 12_000, prefetchChunk: 2, concurrency: 4 },
    );
    await vi.waitFor(() => expect(searchedAt).toEqual(expect.arrayContaining(["b0", "b1"])));
    expect(searchedAt).not.toContain("b2");
    releaseSecond();
    expect((await out).processed).toBe(4);
  });

  test("with searchAfterPrefetchMs the searches start only once the prefetch has answered (or that long has passed)", async () => {
    vi.useFakeTimers();
    try {
      const list = [...books(2), ...books(2, true).map((b) => ({ ...b, id: `i${b.id}` }))];
      const order: string[] = [];
      const pending = runBackfillBatch(
        list,
        {
          now: () => Date.now(),
          prefetchByIsbn: async (isbns) => {
            await new Promise((r) => setTimeout(r, 1000));
            order.push("prefetch");
            return new Map(isbns.map((i) => [i, found] as const));
          },
          search: async (b) => {
            order.push(b.id);
            return found;
          },
          write: async () => "updated",
        },
        { budgetMs: 12_000, concurrency: 2, searchAfterPrefetchMs: 5000 },
      );
      await vi.advanceTimersByTimeAsync(1000);
      const out = await pending;
      expect(order).toEqual(["prefetch", "b0", "b1"]);
      expect(out.processed).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
