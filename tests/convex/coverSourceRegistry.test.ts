/**
 * Adding a cover source is one folder and one line in lib/cover/sources/registry.ts: everything else
 * (the Convex validators, the pacing, the allowlist, the rejection keys, the labels, the catalogue)
 * follows from `COVER_SOURCES`. Here a fake third source is registered, and an import's backfill
 * runs through it end to end.
 */
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import { coverSourceKey, isRejectedCover } from "../../lib/cover/coverKeys";
import { isAllowedCoverUrl } from "../../lib/cover/coverUrl";
import { coverSourceIds, coverSourceLabel } from "../../lib/cover/sources";
import { coverSourceHandlers } from "../msw/coverSources";
import { server } from "../msw/server";
import { createUser, newBackend } from "../support/users";

vi.mock("../../lib/cover/sources/registry", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../lib/cover/sources/registry")>();
  const { isOfflineCoverUrl } = await import("../../lib/cover/webUrl");
  /** A third source: one title + author search, images on its own host keyed `fk:<id>`. */
  const fakeSource = {
    id: "fake-covers",
    label: "Fake Covers",
    keyPrefix: "fk",
    coverHosts: ["covers.fake-source.test"],
    pacing: { limit: { perMinute: 60, burst: 2 }, bulkWindow: { maxRequests: 1, windowMs: 1000 } },
    coverKey: (url: URL) => {
      const m = /^\/covers\/(\d+)\.jpg$/.exec(url.pathname);
      return m && (url.hostname === "covers.fake-source.test" || isOfflineCoverUrl(url)) ? `fk:${m[1]}` : null;
    },
    stages: [
      {
        kind: "search" as const,
        id: "fk.search",
        run: async (
          book: { title: string; author: string },
          ctx: { get(url: string): Promise<{ ok: boolean; data?: unknown }> },
        ) => {
          const params = new URLSearchParams({ title: book.title, author: book.author });
          const r = await ctx.get(`https://api.fake-source.test/find?${params}`);
          if (!r.ok) return { ok: false as const, error: { kind: "upstream_error" as const } };
          return { ok: true as const, covers: (r.data as { covers: string[] }).covers };
        },
      },
    ],
  };
  return { COVER_SOURCES: [...original.COVER_SOURCES, fakeSource] };
});

const FAKE_COVER = "https://covers.fake-source.test/covers/77.jpg";
let asked: URL[];

beforeEach(() => {
  asked = [];
  vi.useFakeTimers();
  // Open Library knows none of the books; the fake source has one of them.
  server.use(
    ...coverSourceHandlers({ books: [] }),
    http.get("https://api.fake-source.test/find", ({ request }) => {
      const url = new URL(request.url);
      asked.push(url);
      return HttpResponse.json({ covers: url.searchParams.get("title") === "Quillon Vespertine" ? [FAKE_COVER] : [] });
    }),
  );
});
afterEach(() => vi.useRealTimers());

test("a registered source is in the validators, the allowlist, the keys and the labels", () => {
  expect(coverSourceIds()).toEqual(["open-library", "google-books", "fake-covers"]);
  expect(coverSourceLabel("fake-covers")).toBe("Fake Covers");
  expect(isAllowedCoverUrl(FAKE_COVER)).toBe(true);
  expect(isAllowedCoverUrl("https://evil.fake-source.test/covers/77.jpg")).toBe(false);
  expect(coverSourceKey(FAKE_COVER)).toBe("fk:77");
  expect(isRejectedCover(FAKE_COVER, ["fk:77"])).toBe(true);
});

test("an import's backfill asks the third source after Open Library and stores its cover, paced and catalogued like the others", async () => {
  const t = newBackend();
  const { as } = await createUser(t);
  const rows = [
    { line: 2, title: "Quillon Vespertine", author: "Mab Orrery", status: "read" as const },
    { line: 3, title: "Nobody Has This One", author: "Mab Orrery", status: "read" as const },
  ];
  const result = await as.mutation(api.imports.commit, { clientImportId: "fake", format: "csv", rows });
  await t.finishAllScheduledFunctions(vi.runAllTimers);

  const books = await t.run((ctx) => ctx.db.query("books").collect());
  const found = books.find((b) => b.title === "Quillon Vespertine")!;
  expect(found).toMatchObject({ apiCoverUrl: FAKE_COVER, apiSource: "fake-covers" });
  expect(books.find((b) => b.title === "Nobody Has This One")).toMatchObject({ coverLastReason: "not_found" });
  expect(asked.map((u) => u.searchParams.get("title")).sort()).toEqual(["Nobody Has This One", "Quillon Vespertine"]);
  const progress = await as.query(api.coverBackfill.progress, { importId: result.importId });
  expect(progress.run).toMatchObject({ state: "done", total: 2, found: 1, notFound: 1 });
  // Its slots came from its own pacing document; its answers are facts in the catalogue.
  const pacing = await t.run((ctx) => ctx.db.query("sourcePacing").collect());
  expect(pacing.map((p) => p.source).sort()).toEqual(["fake-covers", "open-library"]);
  const facts = await t.run((ctx) => ctx.db.query("coverCatalogue").collect());
  expect(facts.filter((f) => f.stage === "fk.search").map((f) => f.covers.map((c) => c.url))).toEqual(
    expect.arrayContaining([[FAKE_COVER], []]),
  );
  // "Not this cover" remembers it by the source's own key.
  await as.mutation(api.books.rejectCover, { bookId: found._id });
  expect((await t.run((ctx) => ctx.db.get("books", found._id)))?.rejectedCovers).toEqual(["fk:77"]);
});
