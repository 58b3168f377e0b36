// "Delete all my books" against imports and new books arriving while it runs. The rule: while a
// deletion runs, import chunks and new books are refused with a clear message (nothing of them is
// written); once it is done they land again. So a book the reader was told was imported is never
// deleted by a deletion that was already under way, and a chunk replayed after the deletion never
// reports books that no longer exist (the deletion removes the reader's import records too).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import type { ImportRowArg } from "../../convex/model/importRowValidator";
import { DELETE_IMPORT_ROWS_PER_STEP } from "../../convex/model/libraryDeletion";
import { libraryBooks } from "../support/libraryBooks";
import { finishScheduled, recount } from "../support/libraryFixtures";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const BEING_DELETED = { code: "library_being_deleted" };

function rows(first: number, last: number, prefix = "Book"): ImportRowArg[] {
  return Array.from({ length: last - first + 1 }, (_, i) => ({
    line: first + i,
    title: `${prefix} ${first + i}`,
    author: "Author",
    status: "read" as const,
  }));
}

function commit(as: SignedIn, clientImportId: string, chunk: ImportRowArg[]) {
  return as.mutation(api.imports.commit, { clientImportId, format: "goodreads", rows: chunk, startCoverBackfill: false });
}

/** Runs the deletion steps (and shelf syncs) scheduled so far, one round: what a backend does between two calls. */
async function runOneStep(t: TestConvex): Promise<void> {
  vi.runOnlyPendingTimers();
  await t.finishInProgressScheduledFunctions();
}

async function exists(t: TestConvex, bookId: Id<"books">): Promise<boolean> {
  return (await t.run((ctx) => ctx.db.get("books", bookId))) !== null;
}

async function importRecords(t: TestConvex, userId: Id<"users">) {
  return await t.run(async (ctx) => {
    const imports = await ctx.db
      .query("imports")
      .withIndex("by_user_client_id", (q) => q.eq("userId", userId))
      .collect();
    let rowRecords = 0;
    for (const imp of imports) {
      rowRecords += (
        await ctx.db
          .query("importRows")
          .withIndex("by_import_line", (q) => q.eq("importId", imp._id))
          .collect()
      ).length;
    }
    return { imports: imports.length, rowRecords };
  });
}

describe("an import while the library is being deleted", () => {
  test("a chunk sent while the deletion runs is refused with a clear message and writes nothing; after it, it lands", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const first = await commit(as, "import-1", rows(1, 100));
    expect(first.created).toBe(100);

    await as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    const refused = commit(as, "import-1", rows(101, 250));
    await expect(refused).rejects.toMatchObject({ data: BEING_DELETED });
    await expect(refused).rejects.toMatchObject({
      data: { message: "Your library is being deleted. Import again once “Delete all my books” has finished." },
    });
    expect((await libraryBooks(as)).map((b) => b.title)).not.toContain("Book 101");

    await finishScheduled(t);
    expect(await as.query(api.library.deletion, {})).toMatchObject({ state: "done", total: 100, deleted: 100 });
    // The reader tries again: the chunk lands, and every book it reports is there.
    const again = await commit(as, "import-1", rows(101, 250));
    expect(again.created).toBe(150);
    for (const id of again.createdBookIds) expect(await exists(t, id)).toBe(true);
    expect(await recount(as)).toMatchObject({ total: 150 });
    expect((await as.query(api.library.counts, {})).total).toBe(150);
  });

  test("adding a book while the deletion runs is refused the same way; afterwards it works", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await as.mutation(api.books.create, { title: "Dune", author: "Frank Herbert", status: "read" });
    await as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    await expect(as.mutation(api.books.create, { title: "Emma", author: "Jane Austen", status: "read" })).rejects.toMatchObject({
      data: {
        ...BEING_DELETED,
        message: "Your library is being deleted. Add books again once “Delete all my books” has finished.",
      },
    });
    await finishScheduled(t);
    const id = await as.mutation(api.books.create, { title: "Emma", author: "Jane Austen", status: "read" });
    expect((await libraryBooks(as)).map((b) => b._id)).toEqual([id]);
  });

  test("another reader's deletion refuses nothing of this reader's", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const other = await createUser(t, "Other");
    await other.as.mutation(api.books.create, { title: "Dune", author: "Frank Herbert", status: "read" });
    await other.as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    expect((await commit(as, "mine", rows(1, 3))).created).toBe(3);
    await as.mutation(api.books.create, { title: "Emma", author: "Jane Austen", status: "read" });
    await finishScheduled(t);
    expect(await libraryBooks(as)).toHaveLength(4);
    expect(await libraryBooks(other.as)).toEqual([]);
  });

  test("sent at the same moment, whichever runs first: the books a commit reports are never deleted by a later-started deletion unasked", async () => {
    for (const order of ["commit first", "deletion first"] as const) {
      const t = newBackend();
      const { as } = await createUser(t);
      await as.mutation(api.books.create, { title: "Old", author: "Author", status: "read" });
      const calls =
        order === "commit first"
          ? [commit(as, "same-time", rows(1, 5)), as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" })]
          : [as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" }), commit(as, "same-time", rows(1, 5))];
      const [a, b] = await Promise.allSettled(calls);
      const committed = order === "commit first" ? a : b;
      await finishScheduled(t);
      if (committed.status === "fulfilled") {
        // It ran before the deletion started (the deletion counted its books), so the deletion the
        // reader asked for afterwards took them.
        expect(await as.query(api.library.deletion, {})).toMatchObject({ state: "done", total: 6, deleted: 6 });
        expect(await libraryBooks(as)).toEqual([]);
      } else {
        expect(committed.reason).toMatchObject({ data: BEING_DELETED });
        expect(await libraryBooks(as)).toEqual([]);
        const retried = await commit(as, "same-time", rows(1, 5));
        for (const id of retried.createdBookIds) expect(await exists(t, id)).toBe(true);
      }
      expect(await as.query(api.library.counts, {})).toEqual(await recount(as));
    }
  });
});

type Event = "chunk 1" | "chunk 2" | "delete all" | "step";

/** Every distinct order of `events`. */
function orders(events: readonly Event[]): Event[][] {
  if (events.length <= 1) return [[...events]];
  const seen = new Set<string>();
  const out: Event[][] = [];
  events.forEach((event, i) => {
    if (seen.has(event)) return;
    seen.add(event);
    for (const rest of orders([...events.slice(0, i), ...events.slice(i + 1)])) out.push([event, ...rest]);
  });
  return out;
}

describe("interleavings of an import's chunks, a deletion and its scheduled steps", () => {
  const ORDERS = orders(["chunk 1", "chunk 2", "delete all", "step", "step"]);

  test(`all ${ORDERS.length} orders: refused exactly while it runs, nothing reported is lost, counts stay true`, async () => {
    expect(ORDERS).toHaveLength(60);
    for (const order of ORDERS) {
      const t = newBackend();
      const { as } = await createUser(t);
      await as.mutation(api.books.create, { title: "Already there", author: "Author", status: "read" });
      const chunks = { "chunk 1": rows(1, 3), "chunk 2": rows(4, 6) } as const;
      /** Books each successful commit reported, and whether a deletion had been asked for before it. */
      const reported: { ids: Id<"books">[]; afterDeletionAsked: boolean }[] = [];
      const refused: (keyof typeof chunks)[] = [];
      let deletionAsked = false;

      for (const event of order) {
        if (event === "delete all") {
          await as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
          deletionAsked = true;
        } else if (event === "step") {
          await runOneStep(t);
        } else {
          const running = (await as.query(api.library.deletion, {}))?.state === "running";
          const outcome = await commit(as, "the-import", chunks[event]).then(
            (result) => ({ ok: true as const, result }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          expect(outcome.ok, `${order.join(" → ")}: ${event} while running=${running}`).toBe(!running);
          if (outcome.ok) {
            reported.push({
              ids: [...outcome.result.createdBookIds, ...outcome.result.mergedBookIds],
              afterDeletionAsked: deletionAsked,
            });
          } else {
            expect(outcome.error).toMatchObject({ data: BEING_DELETED });
            refused.push(event);
          }
        }
      }
      await finishScheduled(t);
      // The reader tries the refused chunks again once the deletion is done.
      for (const chunk of refused) {
        const result = await commit(as, "the-import", chunks[chunk]);
        reported.push({ ids: [...result.createdBookIds, ...result.mergedBookIds], afterDeletionAsked: true });
      }

      for (const { ids, afterDeletionAsked } of reported) {
        for (const id of ids) {
          // Reported after the deletion was asked for: never lost. Reported before: the deletion took it, as asked.
          expect(await exists(t, id), order.join(" → ")).toBe(afterDeletionAsked);
        }
      }
      // The library holds exactly the books reported after the deletion was asked for.
      const kept = new Set(reported.filter((r) => r.afterDeletionAsked).flatMap((r) => r.ids));
      expect(new Set((await libraryBooks(as)).map((b) => b._id)), order.join(" → ")).toEqual(kept);
      expect(await as.query(api.library.counts, {}), order.join(" → ")).toEqual(await recount(as));
    }
  });
});

describe("a chunk replayed after delete-all", () => {
  test("never reports books that do not exist: the deletion removed the import's records, so the replay imports afresh", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const first = await commit(as, "replayed", rows(1, 50));
    expect(first.created).toBe(50);
    await as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    await finishScheduled(t);
    expect(await libraryBooks(as)).toEqual([]);

    // The client never heard the first answer and sends the same chunk again.
    const replay = await commit(as, "replayed", rows(1, 50));
    expect(replay.created + replay.merged).toBe(50);
    for (const id of [...replay.createdBookIds, ...replay.mergedBookIds]) expect(await exists(t, id)).toBe(true);
    expect(await libraryBooks(as)).toHaveLength(50);
  });

  test("the deletion removes every import record of the reader, a bounded number per step, and no one else's", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const other = await createUser(t, "Other");
    const lines = DELETE_IMPORT_ROWS_PER_STEP + 250;
    for (let first = 1; first <= lines; first += 250) await commit(as, "big", rows(first, first + 249));
    await commit(as, "small", rows(1, 10, "Small"));
    await commit(other.as, "theirs", rows(1, 10));
    expect(await importRecords(t, userId)).toEqual({ imports: 2, rowRecords: lines + 10 });

    await as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    let steps = 0;
    while ((await as.query(api.library.deletion, {}))?.state === "running") {
      const before = await importRecords(t, userId);
      await runOneStep(t);
      const after = await importRecords(t, userId);
      expect(before.rowRecords - after.rowRecords).toBeLessThanOrEqual(DELETE_IMPORT_ROWS_PER_STEP);
      steps += 1;
      expect(steps).toBeLessThan(20);
    }
    expect(await importRecords(t, userId)).toEqual({ imports: 0, rowRecords: 0 });
    expect(await importRecords(t, other.userId)).toEqual({ imports: 1, rowRecords: 10 });
    expect(await libraryBooks(other.as)).toHaveLength(10);
  });
});
