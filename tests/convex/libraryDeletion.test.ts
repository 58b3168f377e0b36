import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { DELETE_CHUNK } from "../../convex/model/libraryDeletion";
import { libraryBooks } from "../support/libraryBooks";
import { finishScheduled, importRows } from "../support/libraryFixtures";
import { fileBytes } from "../support/imageBytes";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";

// Scheduled work (deletion steps, the shelf sync) runs when the tests advance the clock.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A stored image as an upload leaves it (convex-test does not record the type; the real backend does). */
async function storeUpload(t: TestConvex): Promise<Id<"_storage">> {
  const storageId = await t.run((ctx) => ctx.storage.store(new Blob([fileBytes("image/png", 1024)])));
  await t.run(async (ctx) => {
    await (ctx.db as unknown as { patch: (table: string, id: string, value: object) => Promise<void> }).patch(
      "_storage",
      storageId,
      {
        contentType: "image/png",
      },
    );
  });
  return storageId;
}

async function fileExists(t: TestConvex, storageId: Id<"_storage">): Promise<boolean> {
  return (await t.run((ctx) => ctx.db.system.get("_storage", storageId))) !== null;
}

async function bookWithUpload(t: TestConvex, as: SignedIn, title: string) {
  const storageId = await storeUpload(t);
  await as.action(api.books.checkCoverUpload, { storageId });
  await as.mutation(api.books.create, { title, author: "Uploader", status: "read", coverStorageId: storageId });
  return storageId;
}

async function fillLibrary(as: SignedIn, books: number) {
  for (let start = 0; start < books; start += 250) {
    const rows = Array.from({ length: Math.min(250, books - start) }, (_, i) => ({
      title: `Book ${start + i}`,
      author: "Author",
      status: "read" as const,
      shelves: ["all", `group ${(start + i) % 3}`],
    }));
    await importRows(as, rows);
  }
}

describe("library.deleteAllBooks", () => {
  test("needs the typed confirmation and a signed-in reader; without them nothing is deleted", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await as.mutation(api.books.create, { title: "Dune", author: "Frank Herbert", status: "read" });
    await expect(as.mutation(api.library.deleteAllBooks, { confirmation: "delete" })).rejects.toMatchObject({
      data: { code: "confirmation_required", message: "Type DELETE to confirm." },
    });
    await expect(t.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" })).rejects.toMatchObject({
      data: { code: "unauthenticated" },
    });
    await finishScheduled(t);
    expect(await libraryBooks(as)).toHaveLength(1);
    expect(await as.query(api.library.deletion, {})).toBeNull();
  });

  test("deletes every book of the reader in chunks, with their uploads, counts and shelves; others' books stay", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const other = await createUser(t, "Other");
    const books = 2 * DELETE_CHUNK + 50;
    await fillLibrary(as, books - 2);
    const uploads = [await bookWithUpload(t, as, "Mine A"), await bookWithUpload(t, as, "Mine B")];
    const theirUpload = await bookWithUpload(t, other.as, "Theirs");
    await finishScheduled(t);
    expect((await as.query(api.library.counts, {})).total).toBe(books);

    await as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    expect(await as.query(api.library.deletion, {})).toMatchObject({ state: "running", total: books, deleted: 0 });
    // One step at a time: each deletes a chunk and schedules the next.
    vi.runOnlyPendingTimers();
    await t.finishInProgressScheduledFunctions();
    expect(await as.query(api.library.deletion, {})).toMatchObject({ state: "running", total: books, deleted: DELETE_CHUNK });
    expect(await libraryBooks(as)).toHaveLength(books - DELETE_CHUNK);
    // Starting again while it runs joins the running deletion.
    const again = await as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    expect(await t.run((ctx) => ctx.db.query("libraryDeletions").collect())).toEqual([expect.objectContaining({ _id: again })]);

    await t.finishAllScheduledFunctions(() => vi.runOnlyPendingTimers(), 1_000);
    expect(await as.query(api.library.deletion, {})).toMatchObject({
      state: "done",
      total: books,
      deleted: books,
      finishedAt: expect.any(Number),
    });
    expect(await libraryBooks(as)).toEqual([]);
    expect(await as.query(api.library.counts, {})).toMatchObject({ total: 0, byStatus: { read: 0 } });
    expect(await as.query(api.library.shelves, {})).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("shelfEntries").collect())).toEqual([]);
    for (const upload of uploads) expect(await fileExists(t, upload)).toBe(false);

    expect(await libraryBooks(other.as)).toHaveLength(1);
    expect(await fileExists(t, theirUpload)).toBe(true);
    expect((await other.as.query(api.library.counts, {})).total).toBe(1);
  });

  test("an empty library finishes at once, and a later deletion starts afresh", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    await finishScheduled(t);
    expect(await as.query(api.library.deletion, {})).toMatchObject({ state: "done", total: 0, deleted: 0 });

    await as.mutation(api.books.create, { title: "Dune", author: "Frank Herbert", status: "read" });
    await as.mutation(api.library.deleteAllBooks, { confirmation: "DELETE" });
    expect(await as.query(api.library.deletion, {})).toMatchObject({ state: "running", total: 1, deleted: 0 });
    await finishScheduled(t);
    expect(await as.query(api.library.deletion, {})).toMatchObject({ state: "done", total: 1, deleted: 1 });
    expect(await libraryBooks(as)).toEqual([]);
  });
});
