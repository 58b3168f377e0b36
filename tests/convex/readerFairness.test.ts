/**
 * One reader cannot take the cover sources from the others: a reader's interactive lookups
 * ("Fetch cover", "Choose a cover", the lookup after "Not this cover") may hold only a few request
 * slots ahead, so another reader's "Fetch missing covers" and "Fetch cover" still get theirs.
 */
import { delay, http } from "msw";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import { COVER_ENDPOINTS, coverSourceHandlers, type CoverSourceRequest } from "../msw/coverSources";
import { server } from "../msw/server";
import { addBooks, book, catalogue } from "../support/catalogueBooks";
import { createUser, newBackend } from "../support/users";
import { onVirtualClock, virtualClock, warmUpModules } from "../support/virtualClock";

let requests: (CoverSourceRequest & { at: number })[];
beforeEach(() => {
  requests = [];
  delete process.env.GOOGLE_BOOKS_API_KEY;
});
afterEach(() => {
  vi.useRealTimers();
});

test("a reader keeping 40 Fetch cover calls in flight does not starve another reader's Fetch missing covers or Fetch cover", async () => {
  const greedyBooks = catalogue(40, "Greedy Shelf Volume");
  const patientBooks = catalogue(6, "Patient Shelf Volume");
  await warmUpModules(patientBooks);
  const t = newBackend();
  const greedy = await createUser(t, "Greedy");
  const patient = await createUser(t, "Patient");
  const greedyIds = await addBooks(greedy.as, greedyBooks);
  const [single, ...bulk] = await addBooks(patient.as, patientBooks);
  server.use(
    ...coverSourceHandlers({
      books: [...greedyBooks, ...patientBooks],
      onRequest: (r) => requests.push({ ...r, at: Date.now() }),
    }),
  );
  // Slow answers keep the greedy reader's calls in flight.
  server.use(
    http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
      await delay(1500);
      return undefined;
    }),
  );
  virtualClock();
  const greedyCalls = Promise.all(
    greedyIds.map((bookId) => greedy.as.action(api.books.fetchCover, { bookId }).catch(() => null)),
  );
  // The patient reader starts a moment later, while all 40 are under way.
  await vi.advanceTimersByTimeAsync(200);
  const { value: one } = await onVirtualClock(patient.as.action(api.books.fetchCover, { bookId: single }));
  const { value: run } = await onVirtualClock(patient.as.action(api.books.fetchMissingCovers, { limit: 5 }));
  await onVirtualClock(greedyCalls);
  expect(run.processed).toBeGreaterThan(0);
  expect(run.updated).toBe(run.processed);
  expect(one).toEqual({ status: "found", apiSource: "open-library" });
  for (const id of bulk.slice(0, run.processed)) expect((await book(t, id))?.apiCoverUrl).toBeDefined();
});
