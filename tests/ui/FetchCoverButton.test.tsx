import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http } from "msw";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { FetchCoverButton } from "@/components/book/FetchCoverButton";
import { unlimited } from "@/lib/cover/rateLimiter";
import { setLookupPacer } from "@/convex/model/sourcePacing";
import { COVER_ENDPOINTS, coverSourceHandlers, failingEndpoint, type CatalogueBook } from "../msw/coverSources";
import { server } from "../msw/server";
import { renderWithConvex, waitForConvex } from "../support/renderWithConvex";
import { createUser, newBackend } from "../support/users";

const FOX: CatalogueBook = { isbn13: "9780140328721", title: "Fantastic Mr Fox", authors: ["Roald Dahl"], coverId: 8739161 };

let restoreLimiters: () => void;
beforeEach(() => {
  // Pacing is tested with the cover clients; here it would only slow the tests down.
  restoreLimiters = setLookupPacer(unlimited);
});
afterEach(() => {
  restoreLimiters();
  vi.useRealTimers();
});

async function setup(
  book: { title: string; author: string; isbn?: string } = { title: FOX.title, author: "Roald Dahl", isbn: FOX.isbn13 },
) {
  const t = newBackend();
  const { as } = await createUser(t);
  const bookId = await as.mutation(api.books.create, { ...book, status: "want-to-read" });
  const onResult = vi.fn();
  const view = renderWithConvex(<FetchCoverButton bookId={bookId} onResult={onResult} />, { t, as });
  const user = vi.isFakeTimers() ? userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) }) : userEvent.setup();
  return { t, as, bookId, user, onResult, client: view.client };
}

function button() {
  return screen.getByRole("button", { name: /Fetch(ing)? cover/ });
}

async function expectOutcome(message: string) {
  await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent(message));
  expect(button()).not.toBeDisabled();
  expect(button()).not.toHaveAttribute("aria-busy");
}

describe("FetchCoverButton", () => {
  it("starts idle with an empty live status", async () => {
    await setup();
    expect(button()).toHaveTextContent("Fetch cover");
    expect(button()).toBeEnabled();
    expect(button()).not.toHaveAttribute("aria-busy");
    expect(screen.getByRole("status")).toHaveTextContent("");
  });

  it("is busy while the lookup runs, then reports a found cover and stores it", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const waiting = new Promise<void>((resolve) => (asked = resolve));
    server.use(
      // The lookup's first request is the ISBN search (search.json?q=isbn:(…)): held until released,
      // then answered by the catalogue. (Holding a request the lookup never makes held nothing: the
      // lookup ended before the second click, which then rightly said the book already had a cover.)
      http.get(COVER_ENDPOINTS.openLibraryIsbnSearch, async ({ request }) => {
        if (!new URL(request.url).searchParams.get("q")?.startsWith("isbn:")) return;
        asked();
        await held;
      }),
      ...coverSourceHandlers({ books: [FOX] }),
    );
    const { user, as, bookId, onResult, client } = await setup();
    await user.click(button());
    // The lookup is held at its request.
    await waiting;

    expect(button()).toHaveTextContent("Fetching cover…");
    expect(button()).toBeDisabled();
    expect(button()).toHaveAttribute("aria-busy", "true");
    // Clicking again while busy does nothing.
    await user.click(button());

    release();
    await expectOutcome("Cover found");
    await waitForConvex(client);
    expect(onResult).toHaveBeenCalledTimes(1);
    expect(onResult).toHaveBeenCalledWith({ status: "found", apiSource: "open-library" });
    const book = await as.query(api.books.get, { bookId });
    expect(book?.apiCoverUrl).toBe("https://covers.openlibrary.org/b/id/8739161-L.jpg");
    expect(book?.coverUrl).toBeUndefined();
  });

  it("says when no cover was found", async () => {
    server.use(...coverSourceHandlers({ books: [] }));
    const { user } = await setup();
    await user.click(button());
    await expectOutcome("No cover found");
  });

  it("asks for a title and author or an ISBN when the book has too little to search with", async () => {
    const { user } = await setup({ title: "Untitled notes", author: "" });
    await user.click(button());
    await expectOutcome("Add a title and author or an ISBN first");
  });

  it("says the source is busy when it is rate limited", async () => {
    server.use(failingEndpoint("openLibraryBooks", { kind: "rate_limited", retryAfter: "60" }), ...coverSourceHandlers());
    const { user } = await setup();
    await user.click(button());
    await expectOutcome("Cover source is busy, try again in a minute");
  });

  it("says the source had a problem on a server error", async () => {
    server.use(
      failingEndpoint("openLibraryBooks", { kind: "status", status: 500 }),
      failingEndpoint("openLibrarySearch", { kind: "status", status: 500 }),
    );
    const { user } = await setup();
    await user.click(button());
    await expectOutcome("Cover source had a problem");
  });

  it("says the source timed out when it never answers", async () => {
    // The request timeout runs on the virtual clock, which moves only when the test moves it.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    server.use(
      failingEndpoint("openLibraryIsbnSearch", { kind: "hang" }),
      failingEndpoint("openLibraryBooks", { kind: "hang" }),
      failingEndpoint("openLibrarySearch", { kind: "hang" }),
    );
    await setup();
    // A plain click: user-event (through Testing Library's wrapper) waits on a timer of its own.
    fireEvent.click(button());
    expect(button()).toHaveAttribute("aria-busy", "true");
    // Move the clock past every stage's request timeout (5 s each), then wait for the outcome as usual.
    for (let waited = 0; waited < 60_000 && button().getAttribute("aria-busy") === "true"; waited += 1_000) {
      await act(() => vi.advanceTimersByTimeAsync(1_000));
    }
    vi.useRealTimers();
    await expectOutcome("Cover source timed out");
  });

  it("says the book already has a cover without looking it up", async () => {
    const requests: string[] = [];
    server.use(...coverSourceHandlers({ books: [FOX], onRequest: (r) => requests.push(r.endpoint) }));
    const { user, t, bookId } = await setup();
    await t.run((ctx) => ctx.db.patch(bookId, { apiCoverUrl: "https://covers.openlibrary.org/b/id/1-L.jpg" }));
    await user.click(button());
    await expectOutcome("This book already has a cover");
    expect(requests).toEqual([]);
  });

  it("shows the server's message when the call fails", async () => {
    const { user, t, bookId } = await setup();
    await t.run((ctx) => ctx.db.delete(bookId as Id<"books">));
    await user.click(button());
    await expectOutcome("Book not found.");
  });
});
