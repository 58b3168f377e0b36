/**
 * The book page for a reader's first hour: why a book has no cover and what to do about it right
 * there; cover controls that only offer what applies to the book's state; everything the import
 * kept, and the rating, shelves and dates editable. The real functions run underneath.
 */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { api, internal } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { setLookupPacer } from "@/convex/model/backfillRun";
import { BookDetail } from "@/components/book/BookDetail";
import { ToastProvider } from "@/components/ui/Toast";
import { unlimited } from "@/lib/cover/rateLimiter";
import { coverSourceHandlers } from "../msw/coverSources";
import { server } from "../msw/server";
import { fileBytes } from "../support/imageBytes";
import { renderWithConvex, waitForConvex } from "../support/renderWithConvex";
import { convexTestUploadHandler } from "../support/storageUploads";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";

vi.mock("next/navigation", () => ({ useRouter: () => ({ replace: vi.fn(), push: vi.fn() }) }));

const TITLE = "The Glass Orchard";
const cover = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;

let restore: () => void;
beforeEach(() => {
  restore = setLookupPacer(unlimited);
  // The sources know nothing about the book.
  server.use(...coverSourceHandlers({ books: [] }));
});
afterEach(() => restore());

async function setup(prepare?: (t: TestConvex, userId: Id<"users">, bookId: Id<"books">) => Promise<void>) {
  const t = newBackend();
  const { userId, as } = await createUser(t);
  const bookId = await as.mutation(api.books.create, { title: TITLE, author: "Wren Ashdown", status: "read" });
  await prepare?.(t, userId, bookId);
  const view = renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
  await screen.findByRole("heading", { level: 1, name: TITLE });
  return { t, as, userId, bookId, client: view.client, user: userEvent.setup() };
}

function coverSection() {
  return screen.getByRole("region", { name: "Cover" });
}

describe("a book with no cover yet says why and offers what to do right there", () => {
  it("not looked up yet: choose, upload, look for one", async () => {
    await setup();
    const section = coverSection();
    expect(within(section).getByText("Folio has not looked this book up yet.")).toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Choose a cover" })).toBeInTheDocument();
    expect(within(section).getByLabelText("Upload your cover")).toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Look for a cover" })).toBeInTheDocument();
  });

  it("the source was unavailable: says until when Folio waits, and offers to look again now", async () => {
    await setup(async (t, userId, bookId) => {
      await t.mutation(internal.books.recordCoverAttempt, { userId, bookId, reason: "timeout", backoff: true });
    });
    const section = coverSection();
    expect(within(section).getByText(/^The cover source was unavailable\. Folio looks again after .+\.$/)).toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Look again" })).toBeInTheDocument();
  });

  it("not found: offers choosing and uploading, not the same lookup again", async () => {
    await setup(async (t, userId, bookId) => {
      await t.mutation(internal.books.recordCoverAttempt, { userId, bookId, reason: "not_found", backoff: true });
    });
    const section = coverSection();
    expect(within(section).getByText("No cover matching this title, author and ISBN was found.")).toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Choose a cover" })).toBeInTheDocument();
    expect(within(section).getByLabelText("Upload your cover")).toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: /Look|Fetch/ })).toBeNull();
  });

  it("looking again that finds nothing says so from the book's state, and the button goes", async () => {
    const { client, user } = await setup();
    await user.click(within(coverSection()).getByRole("button", { name: "Look for a cover" }));
    await waitForConvex(client);
    expect(
      await within(coverSection()).findByText("No cover matching this title, author and ISBN was found."),
    ).toBeInTheDocument();
    expect(within(coverSection()).queryByRole("button", { name: /Look|Fetch/ })).toBeNull();
  });
});

describe("cover controls show only what applies", () => {
  it("after Not this cover finds nothing: 'no other cover matches', no lookup offered; an upload then clears the message", async () => {
    const { t, client, user } = await setup(async (t, _userId, bookId) => {
      await t.run((ctx) => ctx.db.patch("books", bookId, { apiCoverUrl: cover(501), apiSource: "open-library" as const }));
    });
    await user.click(screen.getByRole("button", { name: "Not this cover" }));
    await client.runScheduled();
    const section = coverSection();
    expect(await within(section).findByText("No other cover matches this book.")).toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: /Fetch cover|Look/ })).toBeNull();
    expect(within(section).queryByRole("button", { name: "Not this cover" })).toBeNull();

    server.use(convexTestUploadHandler(t));
    const png = new File([fileBytes("image/png", 64)], "mine.png", { type: "image/png" });
    await user.upload(within(section).getByLabelText("Upload your cover"), png);
    expect(await within(section).findByText("Your own cover")).toBeInTheDocument();
    expect(within(section).queryByText(/No other cover matches/)).toBeNull();
    expect(within(section).getByRole("button", { name: "Remove your cover" })).toBeInTheDocument();
    expect(within(section).getByLabelText("Replace your cover")).toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: /Not this cover|Look|Fetch/ })).toBeNull();
  }, 15_000);

  it("Choose a cover with no candidates offers the upload right in the sheet", async () => {
    const { t, user } = await setup();
    await user.click(within(coverSection()).getByRole("button", { name: "Choose a cover" }));
    const sheet = await screen.findByRole("dialog", { name: "Choose a cover" });
    expect(await within(sheet).findByText(/No other covers were found/)).toBeInTheDocument();
    server.use(convexTestUploadHandler(t));
    const png = new File([fileBytes("image/png", 64)], "mine.png", { type: "image/png" });
    await user.upload(within(sheet).getByLabelText("Upload your cover"), png);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(await within(coverSection()).findByText("Your own cover")).toBeInTheDocument();
  }, 15_000);

  it("a found cover: its source, Not this cover, Choose, Upload; nothing to look up", async () => {
    await setup(async (t, _userId, bookId) => {
      await t.run((ctx) => ctx.db.patch("books", bookId, { apiCoverUrl: cover(501), apiSource: "open-library" as const }));
    });
    const section = coverSection();
    expect(within(section).getByText("Cover from Open Library")).toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Not this cover" })).toBeInTheDocument();
    expect(within(section).getByLabelText("Upload your cover")).toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: /Look|Fetch|Remove/ })).toBeNull();
  });
});

describe("the book page shows what the import kept and edits the reading", () => {
  async function imported(as: SignedIn) {
    const result = await as.mutation(api.imports.commit, {
      clientImportId: "book-page",
      format: "goodreads",
      startCoverBackfill: false,
      rows: [
        {
          line: 1,
          title: TITLE,
          author: "Wren Ashdown",
          isbn: "9780140328721",
          status: "read",
          goodreadsId: "4242",
          rating: 3.5,
          dateRead: "2023-05-01",
          dateAdded: "2021-11-20",
          shelves: ["favourites", "orchards"],
          publisher: "Quince Press",
          pages: 312,
          yearPublished: 1999,
        },
      ],
    });
    return result.createdBookIds[0];
  }

  it("lists publisher, pages, year, Goodreads id, shelves and dates", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const bookId = await imported(as);
    renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    const facts = await screen.findByRole("region", { name: "About this book" });
    const text = facts.textContent ?? "";
    for (const fact of ["Quince Press", "312", "1999", "4242", "9780140328721"]) expect(text).toContain(fact);
    const reading = screen.getByRole("form", { name: "Your reading" });
    expect(within(reading).getByLabelText("Shelves")).toHaveValue("favourites, orchards");
    expect(within(reading).getByLabelText("Date read")).toHaveValue("2023-05-01");
    expect(within(reading).getByLabelText("Date added")).toHaveValue("2021-11-20");
    expect(within(reading).getByRole("slider", { name: "Rating" })).toHaveAttribute("aria-valuetext", "3.5 stars");
  });

  it("rates in quarter stars with the arrow keys, announcing the value, and saves rating, shelves and dates", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const bookId = await imported(as);
    const { client } = renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    const user = userEvent.setup();
    const reading = await screen.findByRole("form", { name: "Your reading" });
    const slider = within(reading).getByRole("slider", { name: "Rating" });
    slider.focus();
    // A native range moves by its step with the arrow keys (jsdom does not, so the change is fired as the browser would).
    fireEvent.change(slider, { target: { value: "3.75" } });
    expect(slider).toHaveAttribute("aria-valuetext", "3.75 stars");
    expect(within(reading).getByText("3.75 stars")).toBeInTheDocument();
    const shelves = within(reading).getByLabelText("Shelves");
    await user.clear(shelves);
    await user.type(shelves, "favourites, re-read");
    fireEvent.change(within(reading).getByLabelText("Date read"), { target: { value: "2024-01-31" } });
    await user.click(within(reading).getByRole("button", { name: "Save" }));
    await screen.findByText("Saved");
    await waitForConvex(client);
    expect(await as.query(api.books.get, { bookId })).toMatchObject({
      rating: 3.75,
      shelves: ["favourites", "re-read"],
      dateRead: "2024-01-31",
      dateAdded: "2021-11-20",
    });

    fireEvent.change(slider, { target: { value: "0" } });
    expect(slider).toHaveAttribute("aria-valuetext", "Not rated");
    await user.click(within(reading).getByRole("button", { name: "Save" }));
    await waitForConvex(client);
    await waitFor(async () => expect((await as.query(api.books.get, { bookId }))?.rating).toBeUndefined());
  });
});
