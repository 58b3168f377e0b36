/**
 * A write conflict that gets through Convex's retries is an error of Folio's own bookkeeping, not
 * an answer about a book: it is never recorded as a book's failure (no attempt, no back-off), and
 * only its class is logged.
 */
import { beforeEach, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import { coverSourceHandlers } from "../msw/coverSources";
import { server } from "../msw/server";
import { addBooks, book, catalogue } from "../support/catalogueBooks";
import { createUser, newBackend } from "../support/users";

/** What Convex throws when a mutation kept conflicting with concurrent writes on every retry. */
class WriteConflict extends Error {
  constructor() {
    super(
      'Documents read from or written to the "sourcePacing" table changed while this mutation was being run and on every subsequent retry.',
    );
    this.name = "OptimisticConcurrencyControlFailure";
  }
}

const conflicts = vi.hoisted(() => ({ on: false }));

vi.mock("../../convex/model/sourcePacing", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../convex/model/sourcePacing")>();
  return {
    ...original,
    reserveSlots: async (...args: Parameters<typeof original.reserveSlots>) => {
      if (conflicts.on) throw new WriteConflict();
      return await original.reserveSlots(...args);
    },
  };
});

beforeEach(() => {
  conflicts.on = false;
});

test("a request slot that cannot be reserved because of a write conflict leaves the books untouched: no failure, no back-off", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const cat = catalogue(3);
  const t = newBackend();
  const { as } = await createUser(t);
  const ids = await addBooks(as, cat);
  server.use(...coverSourceHandlers({ books: cat }));
  conflicts.on = true;
  const r = await as.action(api.books.fetchMissingCovers, {});
  expect(r.failures).toEqual([]);
  for (const id of ids) {
    const b = await book(t, id);
    expect(b).not.toHaveProperty("coverAttempts");
    expect(b).not.toHaveProperty("coverRetryAt");
  }
  // Logged by its class only: no message (which could quote book data), no title.
  const logged = warn.mock.calls.map((c) => c.join(" ")).join("\n");
  expect(logged).toContain("OptimisticConcurrencyControlFailure");
  expect(logged).not.toContain("changed while this mutation");
  // Once the conflicts pass, the same books are found.
  conflicts.on = false;
  const again = await as.action(api.books.fetchMissingCovers, {});
  expect(again.updated).toBe(3);
});
