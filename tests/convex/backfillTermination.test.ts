/**
 * Invariant 3 (a run over a library always ends) when a source hangs on one book: every request
 * that asks about that book never answers. The book's lookup times out and records `timeout` with
 * its back-off (even when its batch's time is spent), so the run moves past it and ends; the other
 * books are covered.
 */
import { delay, http, HttpResponse } from "msw";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import { coverSourceHandlers, type CatalogueBook } from "../msw/coverSources";
import { server } from "../msw/server";
import { book } from "../support/catalogueBooks";
import { createUser, newBackend } from "../support/users";
import { onVirtualClock, virtualClock, warmUpModules } from "../support/virtualClock";

/** Six books Open Library knows by ISBN and by title; the third is the one the source hangs on. */
const BOOKS: CatalogueBook[] = [
  "9780140328721",
  "9780547928227",
  "9780441478125",
  "9780756404741",
  "9780553418026",
  "9780345339706",
].map((isbn13, i) => ({ isbn13, title: `Lantern Harbour Volume ${i}`, authors: [`Maren Quillfeather${i}`], coverId: 7000 + i }));
const HUNG = BOOKS[2];

/** Open Library never answers a request that mentions the hung book (its ISBN, or its title's number). */
function hangOnOneBook() {
  const mentions = (url: string) => {
    const u = decodeURIComponent(url);
    return u.includes(HUNG.isbn13!) || /Volume\+?\s?2(?!\d)/.test(u.replace(/\+/g, " "));
  };
  const hang = async ({ request }: { request: Request }) => {
    if (!mentions(request.url)) return undefined;
    await delay("infinite");
    return HttpResponse.json({});
  };
  server.use(http.get("https://openlibrary.org/*", hang));
}

beforeEach(() => {
  delete process.env.GOOGLE_BOOKS_API_KEY;
});
afterEach(() => {
  vi.useRealTimers();
});

async function addIsbnBooks(as: Awaited<ReturnType<typeof createUser>>["as"]) {
  const ids = [];
  for (const b of BOOKS) {
    ids.push(await as.mutation(api.books.create, { title: b.title, author: b.authors[0], isbn: b.isbn13, status: "read" }));
  }
  return ids;
}

test("Fetch missing covers ends while Open Library hangs on one book: that book records a timeout with its back-off, the rest are covered", async () => {
  await warmUpModules(BOOKS);
  const t = newBackend();
  const { as } = await createUser(t);
  const ids = await addIsbnBooks(as);
  server.use(...coverSourceHandlers({ books: BOOKS }));
  hangOnOneBook();
  virtualClock();
  let cursor: string | undefined;
  let calls = 0;
  do {
    const { value: r } = await onVirtualClock(as.action(api.books.fetchMissingCovers, cursor ? { cursor } : {}));
    cursor = r.nextCursor;
    if (cursor && r.retryAfterMs) await vi.advanceTimersByTimeAsync(r.retryAfterMs);
  } while (cursor && ++calls < 8);
  expect(cursor).toBeUndefined();
  const hung = await book(t, ids[2]);
  expect(hung).toMatchObject({ coverLastReason: "timeout", coverAttempts: 1 });
  expect(hung?.coverRetryAt).toBeGreaterThan(Date.now());
  const others = await Promise.all(ids.filter((_, i) => i !== 2).map((id) => book(t, id)));
  for (const b of others) expect(b?.apiCoverUrl).toBeDefined();
});

test("an import's server-side run ends while Open Library hangs on one book", async () => {
  await warmUpModules(BOOKS);
  const t = newBackend();
  const { as } = await createUser(t);
  server.use(...coverSourceHandlers({ books: BOOKS }));
  hangOnOneBook();
  virtualClock();
  const rows = BOOKS.map((b, i) => ({
    line: i + 2,
    title: b.title,
    author: b.authors[0],
    isbn: b.isbn13,
    status: "read" as const,
  }));
  const result = await as.mutation(api.imports.commit, { clientImportId: "hang", format: "csv", rows });
  let done = false;
  for (let waited = 0; !done && waited < 10 * 60_000; waited += 1000) {
    await vi.advanceTimersByTimeAsync(1000);
    done = (await as.query(api.coverBackfill.progress, { importId: result.importId })).run?.state === "done";
  }
  expect(done).toBe(true);
  const books = await t.run((ctx) => ctx.db.query("books").collect());
  const hung = books.find((b) => b.isbn === HUNG.isbn13);
  expect(hung).toMatchObject({ coverLastReason: "timeout" });
  expect(books.filter((b) => b.apiCoverUrl)).toHaveLength(BOOKS.length - 1);
});
