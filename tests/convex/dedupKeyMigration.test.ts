import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { dedupKeyFor } from "../../lib/books/text";
import { createUser, newBackend, type TestConvex } from "../support/users";

/** The keys books were stored with before the key kept whole titles (subtitle cut, symbols dropped). */
const OLD_KEYS: Record<string, string> = {
  "Dune: House Atreides": "dune|brian herbert",
  "Dune: House Harkonnen": "dune|brian herbert",
  "📚": "|reader",
};

async function insertWithOldKey(t: TestConvex, userId: Id<"users">, title: string, author: string) {
  return await t.run((ctx) =>
    ctx.db.insert("books", {
      userId,
      title,
      author,
      status: "read",
      dedupKey: OLD_KEYS[title] ?? dedupKeyFor(title, author),
      createdAt: 1,
      updatedAt: 1,
    }),
  );
}

const keysOf = (t: TestConvex) => t.run(async (ctx) => (await ctx.db.query("books").collect()).map((b) => [b.title, b.dedupKey]));

describe("migrations.recomputeDedupKeys", () => {
  let info: { mock: { calls: unknown[][] } };
  beforeEach(() => {
    vi.useFakeTimers();
    info = vi.spyOn(console, "info").mockImplementation(() => {});
  });
  afterEach(() => vi.useRealTimers());

  test("recomputes stale keys page by page across readers, scheduling itself until done", async () => {
    const t = newBackend();
    const alice = await createUser(t, "Alice");
    const bob = await createUser(t, "Bob");
    await insertWithOldKey(t, alice.userId, "Dune: House Atreides", "Brian Herbert");
    await insertWithOldKey(t, alice.userId, "Dune: House Harkonnen", "Brian Herbert");
    await insertWithOldKey(t, bob.userId, "📚", "Reader");
    for (let i = 0; i < 4; i++) await insertWithOldKey(t, bob.userId, `Fine ${i}`, "A");
    const before = await t.run(async (ctx) => (await ctx.db.query("books").collect()).map((b) => b.updatedAt));

    const first = await t.mutation(internal.migrations.recomputeDedupKeys, { pageSize: 2 });
    expect(first).toMatchObject({ scanned: 2, updated: 2, nextCursor: expect.any(String) });
    await t.finishAllScheduledFunctions(vi.runAllTimers);

    const keys = await keysOf(t);
    for (const [title, key] of keys) {
      const book = await t.run(async (ctx) => (await ctx.db.query("books").collect()).find((b) => b.title === title)!);
      expect(key).toBe(dedupKeyFor(title, book.author));
    }
    expect(new Set(keys.map(([, k]) => k)).size).toBe(7);
    // One log line per page, counts only.
    const lines = info.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toEqual({ event: "dedup_key_migration_page", scanned: 1, updated: 0, done: true });
    expect(JSON.stringify(lines)).not.toMatch(/Dune|Herbert|📚/);
    // Only the key changes: nothing the reader sees.
    expect(await t.run(async (ctx) => (await ctx.db.query("books").collect()).map((b) => b.updatedAt))).toEqual(before);
  });

  test("is idempotent: a second run writes nothing", async () => {
    const t = newBackend();
    const { userId } = await createUser(t);
    await insertWithOldKey(t, userId, "Dune: House Atreides", "Brian Herbert");
    await t.mutation(internal.migrations.recomputeDedupKeys, {});
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const after = await keysOf(t);
    const again = await t.mutation(internal.migrations.recomputeDedupKeys, {});
    expect(again).toEqual({ scanned: 1, updated: 0, nextCursor: null });
    expect(await keysOf(t)).toEqual(after);
  });

  test("an import after the migration keeps the two Dune books apart", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const atreides = await insertWithOldKey(t, userId, "Dune: House Atreides", "Brian Herbert");
    await t.mutation(internal.migrations.recomputeDedupKeys, {});
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const result = await as.mutation(api.imports.commit, {
      clientImportId: "after-migration",
      format: "csv",
      rows: [{ line: 2, title: "Dune: House Harkonnen", author: "Brian Herbert", status: "read" }],
    });
    expect(result.created).toBe(1);
    expect(result.mergedBookIds).not.toContain(atreides);
  });

  test("folds invisible characters out of old keys and strips bidirectional overrides from stored titles", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    // Stored before the key folded invisible characters, and before titles lost their overrides.
    const joined = await t.run((ctx) =>
      ctx.db.insert("books", {
        userId,
        title: "Du\u2060ne",
        author: "Frank Herbert",
        status: "read",
        dedupKey: "du ne|frank herbert",
        createdAt: 1,
        updatedAt: 1,
      }),
    );
    const reversed = await t.run((ctx) =>
      ctx.db.insert("books", {
        userId,
        title: "\u202eKindred",
        author: "Octavia E. Butler",
        status: "read",
        dedupKey: dedupKeyFor("\u202eKindred", "Octavia E. Butler"),
        createdAt: 1,
        updatedAt: 1,
      }),
    );
    await t.mutation(internal.migrations.recomputeDedupKeys, {});
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const kindred = await as.query(api.books.get, { bookId: reversed });
    expect(kindred?.title).toBe("Kindred");
    expect(kindred?.searchText).not.toContain("\u202e");
    const result = await as.mutation(api.imports.commit, {
      clientImportId: "after-folding",
      format: "txt",
      rows: [{ line: 1, title: "Dune", author: "Frank Herbert", status: "read" }],
    });
    expect(result.mergedBookIds).toEqual([joined]);
  });
});
