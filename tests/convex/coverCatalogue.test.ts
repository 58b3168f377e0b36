/**
 * The deployment's cover catalogue: what a source answered about a book is kept as facts and read
 * first by every lookup, so a book many readers own is asked once; a reader's rejection stays on
 * that reader's book.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import { setLookupPacer } from "../../convex/model/sourcePacing";
import { unlimited } from "../../lib/cover/rateLimiter";
import { coverSourceHandlers, type CatalogueBook, type CoverSourceRequest } from "../msw/coverSources";
import { server } from "../msw/server";
import { book } from "../support/catalogueBooks";
import { createUser, newBackend } from "../support/users";

const FOX: CatalogueBook = { isbn13: "9780140328721", title: "Fantastic Mr Fox", authors: ["Roald Dahl"], coverId: 8739161 };
const FOX_COVER = "https://covers.openlibrary.org/b/id/8739161-L.jpg";

let requests: CoverSourceRequest[];
let restore: () => void;
beforeEach(() => {
  requests = [];
  vi.useFakeTimers();
  restore = setLookupPacer(unlimited);
  server.use(...coverSourceHandlers({ books: [FOX], onRequest: (r) => requests.push(r) }));
});
afterEach(() => {
  restore();
  vi.useRealTimers();
});

test("a book three readers own is asked of the source once; one reader's rejection changes nothing for the others", async () => {
  const t = newBackend();
  const readers = [await createUser(t, "Ada"), await createUser(t, "Ben"), await createUser(t, "Cleo")];
  const ids = [];
  for (const r of readers) {
    ids.push(await r.as.mutation(api.books.create, { title: FOX.title, author: "Roald Dahl", isbn: FOX.isbn13, status: "read" }));
  }

  expect(await readers[0].as.action(api.books.fetchCover, { bookId: ids[0] })).toEqual({
    status: "found",
    apiSource: "open-library",
  });
  expect(requests).toHaveLength(1);
  // The first reader turns the cover down: it is remembered on their book, not in the catalogue.
  await readers[0].as.mutation(api.books.rejectCover, { bookId: ids[0] });
  await t.finishAllScheduledFunctions(vi.runAllTimers);
  expect((await book(t, ids[0]))?.apiCoverUrl).toBeUndefined();
  const asked = requests.length;

  // The others get the cover from the catalogue, without a request.
  expect(await readers[1].as.action(api.books.fetchCover, { bookId: ids[1] })).toEqual({
    status: "found",
    apiSource: "open-library",
  });
  expect((await readers[2].as.action(api.books.fetchMissingCovers, {})).updated).toBe(1);
  expect(requests).toHaveLength(asked);
  for (const id of ids.slice(1)) expect((await book(t, id))?.apiCoverUrl).toBe(FOX_COVER);
});
