/**
 * The reader's say on the book page and the wall: "Not this cover", "Choose a cover", and tiles
 * that report a found cover which fails to load — against the real functions (convex-test).
 */
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { api, internal } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { setLookupPacer } from "@/convex/model/backfillRun";
import { BookDetail } from "@/components/book/BookDetail";
import { LibraryView } from "@/components/book/LibraryView";
import { ToastProvider } from "@/components/ui/Toast";
import { unlimited } from "@/lib/cover/rateLimiter";
import { http, HttpResponse } from "msw";
import { COVER_ENDPOINTS, coverSourceHandlers, type CatalogueBook } from "../msw/coverSources";
import { server } from "../msw/server";
import { renderWithConvex } from "../support/renderWithConvex";
import { createUser, newBackend, type TestConvex } from "../support/users";

vi.mock("next/navigation", () => ({ useRouter: () => ({ replace: vi.fn(), push: vi.fn() }) }));

const cover = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;
const TITLE = "The Glass Orchard";
const EDITIONS: CatalogueBook[] = [
  { title: TITLE, authors: ["Wren Ashdown"], coverId: 501 },
  { title: TITLE, authors: ["Wren Ashdown"], coverId: 502 },
];

let restore: () => void;
beforeEach(() => {
  restore = setLookupPacer(unlimited);
  server.use(...coverSourceHandlers({ books: EDITIONS }));
});
afterEach(() => restore());

/** A book whose found cover is `found`, with its stored copy already fetched (as the engine leaves it). */
async function setup(found: string | undefined = cover(501)) {
  const t = newBackend();
  const { userId, as } = await createUser(t);
  const bookId = await as.mutation(api.books.create, { title: TITLE, author: "Wren Ashdown", status: "read" });
  if (found) {
    await t.mutation(internal.books.writeApiCover, { userId, bookId, apiCoverUrl: found, apiSource: "open-library" });
    await t.finishAllScheduledFunctions(() => {});
  }
  return { t, as, bookId, user: userEvent.setup() };
}

/** The stored copy's URL of Open Library cover `id` (what tiles show instead of the source's link). */
async function copyOf(t: TestConvex, id: number): Promise<string | undefined> {
  const row = await t.run((ctx) =>
    ctx.db
      .query("storedCovers")
      .withIndex("by_key", (q) => q.eq("key", `ol:${id}`))
      .unique(),
  );
  return row?.url;
}

async function stored(t: TestConvex, id: Id<"books">) {
  return await t.run((ctx) => ctx.db.get("books", id));
}

describe("Not this cover", () => {
  it("turns the found cover down, says it is looking, then shows the next matching cover", async () => {
    const { t, as, bookId, user } = await setup();
    // The search answers only once the test has seen the looking state.
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        await answered;
        return undefined;
      }),
    );
    const { client } = renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    expect(await screen.findByRole("img", { name: `Cover of ${TITLE}` })).toHaveAttribute("src", (await copyOf(t, 501))!);

    await user.click(screen.getByRole("button", { name: "Not this cover" }));
    expect(await screen.findByText("Looking for another cover…")).toBeInTheDocument();
    expect(await screen.findByText("Finding cover…")).toBeInTheDocument();

    answer();
    await client.runScheduled();
    expect(await screen.findByText("Found another cover.")).toBeInTheDocument();
    expect(screen.queryByText("Finding cover…")).not.toBeInTheDocument();
    // The next cover shows as Folio's own copy, never as the source's link.
    const next = (await copyOf(t, 502))!;
    expect(next).not.toContain("openlibrary.org");
    expect(await screen.findByRole("img", { name: `Cover of ${TITLE}` })).toHaveAttribute("src", next);
    expect((await stored(t, bookId))?.rejectedCovers).toEqual(["ol:501"]);
  });

  it("shows the placeholder and says so when no other cover matches", async () => {
    const { t, as, bookId, user } = await setup(cover(502));
    await t.run((ctx) => ctx.db.patch("books", bookId, { rejectedCovers: ["ol:501"] }));
    const { client } = renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    await user.click(await screen.findByRole("button", { name: "Not this cover" }));
    await client.runScheduled();
    expect(await screen.findByText(/No other cover matches this book/)).toBeInTheDocument();
    expect(screen.getByTestId("cover-placeholder")).toBeInTheDocument();
    expect(screen.queryByText("Finding cover…")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Not this cover" })).not.toBeInTheDocument();
  });
});

describe("Choose a cover", () => {
  it("lists candidates with their source beside the current cover, chosen with the keyboard alone", async () => {
    const { t, as, bookId, user } = await setup();
    renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    const open = await screen.findByRole("button", { name: "Choose a cover" });
    open.focus();
    await user.keyboard("{Enter}");

    const sheet = await screen.findByRole("dialog", { name: "Choose a cover" });
    expect(within(sheet).getByText("Current cover")).toBeInTheDocument();
    const group = await within(sheet).findByRole("group", { name: /Covers found/ });
    const radios = within(group).getAllByRole("radio");
    expect(radios.length).toBeGreaterThanOrEqual(2);
    expect(within(group).getAllByText(/Open Library/).length).toBe(radios.length);
    expect(within(sheet).getByRole("button", { name: "Use this cover" })).toBeDisabled();

    // Tab into the group, arrow to the second cover, then to the button.
    radios[0].focus();
    await user.keyboard("{ArrowRight}");
    const chosen = radios.find((r) => (r as HTMLInputElement).checked) as HTMLInputElement;
    expect(chosen).toBeDefined();
    const button = within(sheet).getByRole("button", { name: "Use this cover" });
    button.focus();
    await user.keyboard("{Enter}");

    expect(await screen.findByText("Cover chosen")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect((await stored(t, bookId))?.coverUrl).toBe(chosen.value);
  });

  it("shows each candidate's size in pixels once it loads, and marks the cover in use", async () => {
    const { t, as, bookId, user } = await setup();
    renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    await user.click(await screen.findByRole("button", { name: "Choose a cover" }));
    const sheet = await screen.findByRole("dialog", { name: "Choose a cover" });
    const group = await within(sheet).findByRole("group", { name: /Covers found/ });
    const options = within(group)
      .getAllByRole("radio")
      .map((radio) => radio.closest("label")!);
    const byUrl = new Map(options.map((label) => [within(label).getByRole("radio").getAttribute("value"), label]));
    const inUse = byUrl.get(cover(501))!;
    const other = byUrl.get(cover(502))!;
    // The book's found cover (501) is the one in use; the other is not marked.
    expect(within(inUse).getByText("In use")).toBeInTheDocument();
    expect(within(other).queryByText("In use")).toBeNull();

    expect(within(other).getByText("Size when loaded")).toBeInTheDocument();
    const img = within(other).getByRole("img");
    Object.defineProperty(img, "naturalWidth", { value: 333 });
    Object.defineProperty(img, "naturalHeight", { value: 500 });
    fireEvent.load(img);
    expect(await within(other).findByText("333 × 500 px")).toBeInTheDocument();
  });

  it("a slow answer from an earlier opening never replaces the candidates of the current one", async () => {
    const { t, as, bookId, user } = await setup();
    // While `slow` is set, searches wait for `release` and then find nothing.
    let slow = true;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        if (!slow) return undefined;
        await released;
        return HttpResponse.json({ numFound: 0, start: 0, docs: [] });
      }),
    );
    const { client } = renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    await user.click(await screen.findByRole("button", { name: "Choose a cover" }));
    expect(await screen.findByText(/Looking for covers/)).toBeInTheDocument();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());

    slow = false;
    await user.click(screen.getByRole("button", { name: "Choose a cover" }));
    const sheet = await screen.findByRole("dialog", { name: "Choose a cover" });
    const group = await within(sheet).findByRole("group", { name: /Covers found/ });
    const shown = within(group).getAllByRole("radio").length;
    expect(shown).toBeGreaterThanOrEqual(2);

    release();
    // The first opening's empty answer arrives now; the sheet keeps the current candidates.
    await act(() => client.settle());
    const still = within(sheet).getByRole("group", { name: /Covers found/ });
    expect(within(still).getAllByRole("radio")).toHaveLength(shown);
    expect(within(sheet).queryByText(/No other covers were found/)).not.toBeInTheDocument();
  });

  it("says so when the sources have nothing to offer", async () => {
    server.use(...coverSourceHandlers({ books: [] }));
    const { t, as, bookId, user } = await setup(undefined);
    renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    await user.click(await screen.findByRole("button", { name: "Choose a cover" }));
    expect(await screen.findByText(/No other covers were found/)).toBeInTheDocument();
  });
});

describe("a wall that heals itself", () => {
  it("a found cover that fails to load shows the placeholder for that view and asks the server, which keeps a cover it can load", async () => {
    const { t, as, bookId } = await setup();
    const { client } = renderWithConvex(<LibraryView coverBackfill={false} />, { t, as, wrapper: ToastProvider });
    const img = await screen.findByRole("img", { name: `Cover of ${TITLE}` });
    fireEvent.error(img);
    expect(await screen.findByTestId("cover-placeholder")).toBeInTheDocument();
    await waitFor(async () => expect(await reports(t)).toBe(1));
    await client.runScheduled();
    // The server fetched the cover itself and saw a real cover: nothing is rejected.
    expect(await stored(t, bookId)).toMatchObject({ apiCoverUrl: cover(501) });
    expect((await stored(t, bookId))?.rejectedCovers).toBeUndefined();
  });

  it("a found cover that loads as a 1×1 placeholder picture is reported", async () => {
    const { t, as, bookId } = await setup();
    renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    const img = await screen.findByRole("img", { name: `Cover of ${TITLE}` });
    Object.defineProperty(img, "naturalWidth", { value: 1 });
    Object.defineProperty(img, "naturalHeight", { value: 1 });
    fireEvent.load(img);
    expect(await screen.findByTestId("cover-placeholder")).toBeInTheDocument();
    await waitFor(async () => expect(await reports(t)).toBe(1));
  });

  it("a load error while the tab is offline is not reported as a broken cover", async () => {
    const { t, as } = await setup();
    const { client } = renderWithConvex(<LibraryView coverBackfill={false} />, { t, as, wrapper: ToastProvider });
    const img = await screen.findByRole("img", { name: `Cover of ${TITLE}` });
    const onLine = vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    try {
      fireEvent.error(img);
      expect(await screen.findByTestId("cover-placeholder")).toBeInTheDocument();
      await client.settle();
    } finally {
      onLine.mockRestore();
    }
    expect(await reports(t)).toBe(0);
  });

  it("a cover that loads at full size is left alone", async () => {
    const { t, as, bookId } = await setup();
    renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    const img = await screen.findByRole("img", { name: `Cover of ${TITLE}` });
    Object.defineProperty(img, "naturalWidth", { value: 400 });
    Object.defineProperty(img, "naturalHeight", { value: 600 });
    fireEvent.load(img);
    expect(screen.getByRole("img", { name: `Cover of ${TITLE}` })).toHaveAttribute("src", (await copyOf(t, 501))!);
    expect(await reports(t)).toBe(0);
  });
});

/** Broken-cover reports the server counted (sent, not ignored). */
async function reports(t: TestConvex): Promise<number> {
  const windows = await t.run((ctx) => ctx.db.query("coverReportWindows").collect());
  return windows.reduce((sum, w) => sum + w.count, 0);
}
