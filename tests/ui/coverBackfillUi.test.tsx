import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { delay, http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LibraryView } from "@/components/book/LibraryView";
import { CoverBackfillProgress } from "@/components/import/CoverBackfillProgress";
import { ToastProvider } from "@/components/ui/Toast";
import { api } from "@/convex/_generated/api";
import type { Doc, Id } from "@/convex/_generated/dataModel";
import { setLookupPacer } from "@/convex/model/backfillRun";
import { unlimited } from "@/lib/cover/rateLimiter";
import { COVER_ENDPOINTS, coverSourceHandlers, type CatalogueBook, type CoverSourceRequest } from "../msw/coverSources";
import { server } from "../msw/server";
import { libraryBooks } from "../support/libraryBooks";
import { renderWithConvex, waitForConvex } from "../support/renderWithConvex";
import { convexTestUploadHandler } from "../support/storageUploads";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";
import { fileBytes } from "../support/imageBytes";

let requests: CoverSourceRequest[];
let restore: () => void;
beforeEach(() => {
  requests = [];
  restore = setLookupPacer(unlimited);
});
afterEach(() => {
  restore();
  vi.useRealTimers();
});

function catalogue(n: number): CatalogueBook[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `Brindlewood Almanac ${i}`,
    authors: [`Cass Underhay${i}`],
    coverId: 700 + i,
  }));
}

async function setup(options: { coverBackfill?: boolean; seed?: (as: SignedIn) => Promise<void> } = {}) {
  const t = newBackend();
  const { as } = await createUser(t);
  await options.seed?.(as);
  const view = renderWithConvex(<LibraryView coverBackfill={options.coverBackfill ?? true} />, { t, as, wrapper: ToastProvider });
  return { t, as, user: userEvent.setup(), client: view.client };
}

describe("cover autofill in the library", () => {
  it("adding a book without a cover looks it up: the tile says it is looking, then shows the found cover", async () => {
    const cat = catalogue(1);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));
    // Hold the search a moment so the "looking" state is observable.
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        await delay(150);
        return undefined;
      }),
    );
    const { t, user, client } = await setup();
    await user.click(await screen.findByRole("button", { name: "Add a book" }));
    const dialog = await screen.findByRole("dialog", { name: "Add a book" });
    await user.type(within(dialog).getByLabelText("Title"), cat[0].title);
    await user.type(within(dialog).getByLabelText(/Author/), cat[0].authors[0]);
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));

    expect(await screen.findByText("Finding cover…")).toBeInTheDocument();
    // The found cover shows as Folio's stored copy of Open Library's cover 700, never as its link.
    const copy = await waitFor(async () => {
      const row = await t.run((ctx) =>
        ctx.db
          .query("storedCovers")
          .withIndex("by_key", (q) => q.eq("key", "ol:700"))
          .unique(),
      );
      expect(row?.url).toBeDefined();
      return row!.url!;
    });
    // The copy was stored by a scheduled fetch, which the test client sees on its next refresh.
    await act(() => client.refresh());
    await waitFor(() => expect(screen.getByRole("img", { name: `Cover of ${cat[0].title}` })).toHaveAttribute("src", copy));
    expect(screen.queryByText("Finding cover…")).toBeNull();
    expect(requests.some((r) => r.endpoint === "openLibrarySearch")).toBe(true);
  });

  it("adding a book with the reader's own cover fetches nothing", async () => {
    server.use(...coverSourceHandlers({ books: catalogue(1), onRequest: (r) => requests.push(r) }));
    const { t, user, as, client } = await setup();
    const uploads: string[] = [];
    server.use(convexTestUploadHandler(t, uploads));
    await user.click(await screen.findByRole("button", { name: "Add a book" }));
    const dialog = await screen.findByRole("dialog", { name: "Add a book" });
    await user.type(within(dialog).getByLabelText("Title"), "Brindlewood Almanac 0");
    await user.type(within(dialog).getByLabelText(/Author/), "Cass Underhay0");
    const png = new File([fileBytes("image/png", 64)], "mine.png", { type: "image/png" });
    await user.upload(within(dialog).getByLabelText(/Cover image/), png);
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));
    await screen.findByRole("list", { name: "Your books" });
    await waitForConvex(client);
    expect(uploads).toEqual(["image/png"]);
    const [book] = await libraryBooks(as);
    expect(book.coverUrl).toBeTruthy();
    expect(book).not.toHaveProperty("apiCoverUrl");
    expect(screen.queryByText("Finding cover…")).toBeNull();
    expect(requests).toHaveLength(0);
  });

  it("with the feature flag off, adding a book fetches nothing and the menu has no Fetch missing covers", async () => {
    server.use(...coverSourceHandlers({ books: catalogue(1), onRequest: (r) => requests.push(r) }));
    const { user, as } = await setup({ coverBackfill: false });
    await user.click(await screen.findByRole("button", { name: "Add a book" }));
    const dialog = await screen.findByRole("dialog", { name: "Add a book" });
    await user.type(within(dialog).getByLabelText("Title"), "Brindlewood Almanac 0");
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));
    await screen.findByRole("list", { name: "Your books" });
    expect(await libraryBooks(as)).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "More library actions" }));
    expect(await screen.findByRole("menuitem", { name: "Import library" })).toBeInTheDocument();
    expect(screen.queryByRole("menuitem", { name: /Fetch missing covers/ })).toBeNull();
    expect(requests).toHaveLength(0);
  });

  it("Fetch missing covers, operated by keyboard alone, runs batches until none is left and reports the counts", async () => {
    // 25 books: more than one batch of 20; 22 are findable.
    const cat = catalogue(25);
    server.use(...coverSourceHandlers({ books: cat.slice(0, 22), onRequest: (r) => requests.push(r) }));
    const { user, as } = await setup({
      seed: async (as) => {
        for (const b of cat)
          await as.mutation(api.books.create, { title: b.title, author: b.authors[0], status: "want-to-read" });
      },
    });
    await screen.findByText("25 books");

    screen.getByRole("button", { name: "More library actions" }).focus();
    await user.keyboard("{Enter}");
    const item = await screen.findByRole("menuitem", { name: "Fetch missing covers" });
    await waitFor(() => expect(screen.getAllByRole("menuitem")[0]).toHaveFocus());
    expect(screen.getAllByRole("menuitem")[0]).toBe(item);
    await user.keyboard("{Enter}");

    expect(await screen.findByText("Found 22 covers for 25 books · 3 not found.")).toBeInTheDocument();
    // The result leads to the books still without a cover.
    expect(screen.getByRole("link", { name: "Show the books with no cover yet" })).toHaveAttribute(
      "href",
      "/library?cover=missing",
    );
    const books = await libraryBooks(as);
    expect(books.filter((b) => b.apiCoverUrl)).toHaveLength(22);
    // Every book was searched once: two batches followed the cursor to the end.
    const searched = requests.filter((r) => r.endpoint === "openLibrarySearch").map((r) => r.url.searchParams.get("title"));
    expect(new Set(searched).size).toBe(25);
    expect(searched).toHaveLength(25);

    // Safe to run again: nothing is waiting (the 3 unfindable books are in back-off).
    await user.click(screen.getByRole("button", { name: "More library actions" }));
    await user.click(await screen.findByRole("menuitem", { name: "Fetch missing covers" }));
    expect(await screen.findByText("No books are waiting for a cover right now.")).toBeInTheDocument();
    expect(requests.filter((r) => r.endpoint === "openLibrarySearch")).toHaveLength(25);
  });

  it("Fetch missing covers shows N of M (the books without a cover when it started), a bar and the time left", async () => {
    const cat = catalogue(25);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));
    // The second batch's searches wait until the first batch's progress has been looked at.
    let searches = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        if (++searches > 20) await held;
        return undefined;
      }),
    );
    const { user } = await setup({
      seed: async (as) => {
        for (const b of cat) await as.mutation(api.books.create, { title: b.title, author: b.authors[0], status: "read" });
      },
    });
    await screen.findByText("25 books");
    await user.click(screen.getByRole("button", { name: "More library actions" }));
    await user.click(await screen.findByRole("menuitem", { name: "Fetch missing covers" }));

    expect(await screen.findByText("20 of 25 books checked · 20 found")).toBeInTheDocument();
    const bar = screen.getByRole("progressbar", { name: "Fetch missing covers progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "20");
    expect(bar).toHaveAttribute("aria-valuemax", "25");
    expect(bar).toHaveAttribute("aria-valuetext", "20 of 25 books checked");
    // One batch is not a rate yet.
    expect(screen.getByText("Estimating the time left…")).toBeInTheDocument();

    release();
    expect(await screen.findByText("Found 25 covers for 25 books.")).toBeInTheDocument();
    expect(screen.queryByRole("progressbar", { name: "Fetch missing covers progress" })).toBeNull();
  });

  it("waits out a source's Retry-After, says so, then carries on to the end", async () => {
    const cat = catalogue(4);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));
    let searches = 0;
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, () => {
        searches++;
        return searches === 1 ? new HttpResponse(null, { status: 429, headers: { "Retry-After": "1" } }) : undefined;
      }),
    );
    const { user, as } = await setup({
      seed: async (as) => {
        for (const b of cat) await as.mutation(api.books.create, { title: b.title, author: b.authors[0], status: "read" });
      },
    });
    await screen.findByText("4 books");
    await user.click(screen.getByRole("button", { name: "More library actions" }));
    await user.click(await screen.findByRole("menuitem", { name: "Fetch missing covers" }));
    // The toast names what it waits for, and until when.
    expect(await screen.findByText(/^Waiting for Open Library until \d/)).toBeInTheDocument();
    expect(await screen.findByText("Found 4 covers for 4 books.")).toBeInTheDocument();
    expect((await libraryBooks(as)).every((b) => b.apiCoverUrl)).toBe(true);
  });

  it("is disabled while running and can be stopped from the progress toast", async () => {
    const cat = catalogue(45);
    server.use(...coverSourceHandlers({ books: cat, onRequest: (r) => requests.push(r) }));
    // Searches wait until the reader has pressed Stop, so the run is still in its first batch then,
    // however fast or slow the machine is.
    let stopPressed!: () => void;
    const stopped = new Promise<void>((resolve) => (stopPressed = resolve));
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        await stopped;
        return undefined;
      }),
    );
    const { user } = await setup({
      seed: async (as) => {
        for (const b of cat) await as.mutation(api.books.create, { title: b.title, author: b.authors[0], status: "read" });
      },
    });
    await screen.findByText("45 books");
    await user.click(screen.getByRole("button", { name: "More library actions" }));
    await user.click(await screen.findByRole("menuitem", { name: "Fetch missing covers" }));
    await screen.findByText("Fetching missing covers…");

    await user.click(screen.getByRole("button", { name: "More library actions" }));
    const busy = await screen.findByRole("menuitem", { name: "Fetching missing covers…" });
    expect(busy).toHaveAttribute("aria-disabled", "true");
    await user.keyboard("{Escape}");

    await user.click(screen.getByRole("button", { name: "Stop fetching covers" }));
    stopPressed();
    expect(await screen.findByText("Stopped fetching covers")).toBeInTheDocument();
    // It stopped after the batch in flight: not all 45 books were looked up.
    const searched = requests.filter((r) => r.endpoint === "openLibrarySearch").length;
    expect(searched).toBeGreaterThan(0);
    expect(searched).toBeLessThan(45);
  });

  it("a source that stays down ends the run: the toast says it is unavailable and how many books are left", async () => {
    const cat = catalogue(4);
    server.use(...coverSourceHandlers({ books: cat }));
    let searches = 0;
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, () => {
        searches++;
        return new HttpResponse(null, { status: 503, headers: { "Retry-After": "1" } });
      }),
    );
    const { user, as } = await setup({
      seed: async (as) => {
        for (const b of cat) await as.mutation(api.books.create, { title: b.title, author: b.authors[0], status: "read" });
      },
    });
    await screen.findByText("4 books");
    await user.click(screen.getByRole("button", { name: "More library actions" }));
    await user.click(await screen.findByRole("menuitem", { name: "Fetch missing covers" }));
    expect(await screen.findByText("Cover source unavailable")).toBeInTheDocument();
    expect(
      screen.getByText("Open Library is unavailable right now. 4 books are still without a cover. Try again later."),
    ).toBeInTheDocument();
    // It gave up after a few paused batches instead of calling on and on.
    const calls = searches;
    expect(calls).toBeLessThanOrEqual(12);
    // Nothing was held against the books.
    for (const b of await libraryBooks(as)) expect(b).not.toHaveProperty("coverAttempts");
    // The menu item can be used again.
    await user.click(screen.getByRole("button", { name: "More library actions" }));
    expect(await screen.findByRole("menuitem", { name: "Fetch missing covers" })).not.toHaveAttribute("aria-disabled");
  });
});

/** An import of 480 books whose cover run stands as `run` says. */
async function importWithRun(
  t: TestConvex,
  userId: Id<"users">,
  run: Pick<Doc<"coverBackfills">, "processed" | "found" | "notFound" | "state"> & Partial<Doc<"coverBackfills">>,
): Promise<Id<"imports">> {
  return await t.run(async (ctx) => {
    const importId = await ctx.db.insert("imports", { userId, clientImportId: "p", format: "csv", createdAt: Date.now() });
    await ctx.db.insert("coverBackfills", {
      userId,
      trigger: "import",
      importId,
      total: 480,
      startedAt: Date.now(),
      updatedAt: Date.now(),
      ...run,
    });
    return importId;
  });
}

describe("import cover progress", () => {
  it("says a run that stopped after repeated errors stopped, and where the rest can be found", async () => {
    const t = newBackend();
    const { as, userId } = await createUser(t);
    const importId = await importWithRun(t, userId, {
      processed: 120,
      found: 100,
      notFound: 20,
      state: "done",
      stoppedAfterErrors: true,
      finishedAt: Date.now(),
    });
    renderWithConvex(<CoverBackfillProgress importId={importId} />, { t, as });
    expect(
      await screen.findByText(
        "The cover search stopped after repeated errors: 120 of 480 checked · 100 found. “Fetch missing covers” in the Library menu looks for the rest.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText("· Finished.")).not.toBeInTheDocument();
  });
});
