import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { api, internal } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { BookDetail } from "@/components/book/BookDetail";
import { ToastProvider } from "@/components/ui/Toast";
import { renderWithConvex, waitForConvex } from "../support/renderWithConvex";
import { libraryBooks } from "../support/libraryBooks";
import { createUser, newBackend } from "../support/users";

// Only the router is stubbed: the page navigates after a delete.
const router = vi.hoisted(() => ({ replace: vi.fn(), push: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

async function setup(
  book: { title: string; author: string; isbn?: string; apiCoverUrl?: string } = { title: "Matilda", author: "Roald Dahl" },
) {
  const t = newBackend();
  const { userId, as } = await createUser(t);
  const { apiCoverUrl, ...fields } = book;
  const bookId = await as.mutation(api.books.create, { ...fields, status: "want-to-read" });
  if (apiCoverUrl) {
    // As the engine writes it: the found cover, then its stored copy fetched (the default image handler).
    await t.mutation(internal.books.writeApiCover, { userId, bookId, apiCoverUrl, apiSource: "open-library" });
    await t.finishAllScheduledFunctions(() => {});
  }
  const view = renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
  await screen.findByRole("heading", { level: 1, name: book.title });
  return { t, as, bookId, user: userEvent.setup(), client: view.client };
}

describe("BookDetail", () => {
  beforeEach(() => {
    router.replace.mockReset();
    router.push.mockReset();
  });

  it("saves edited details normalised, and only enables Save when something changed", async () => {
    const { user, as, bookId, client } = await setup();
    const save = screen.getByRole("button", { name: "Save changes" });
    expect(save).toBeDisabled();

    const title = screen.getByLabelText("Title");
    await user.clear(title);
    await user.type(title, "Matilda  (Puffin)");
    await user.type(screen.getByLabelText(/ISBN/), "0 14 032872 6");
    await user.selectOptions(screen.getByLabelText("Status"), "Read");
    expect(save).toBeEnabled();
    await user.click(save);

    expect(await screen.findByText("Changes saved")).toBeInTheDocument();
    await waitForConvex(client);
    const book = await as.query(api.books.get, { bookId });
    expect(book).toMatchObject({ title: "Matilda (Puffin)", isbn: "9780140328721", status: "read" });
    expect(screen.getByLabelText(/ISBN/)).toHaveValue("9780140328721");
    expect(screen.getByRole("button", { name: "Save changes" })).toBeDisabled();
  });

  it("shows inline errors and does not save invalid details", async () => {
    const { user, as, bookId } = await setup();
    await user.clear(screen.getByLabelText("Title"));
    await user.type(screen.getByLabelText(/ISBN/), "12");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Title is required")).toBeInTheDocument();
    expect(screen.getByText("ISBN must be 10 or 13 digits")).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveFocus();
    expect((await as.query(api.books.get, { bookId }))?.title).toBe("Matilda");
  });

  it("shows the status and a quarter-star rating with a text alternative", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const bookId = await as.mutation(api.books.create, { title: "Circe", author: "Madeline Miller", status: "did-not-finish" });
    await t.run((ctx) => ctx.db.patch(bookId, { rating: 2.25 }));
    renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    const heading = await screen.findByRole("heading", { level: 1, name: "Circe" });
    const header = heading.closest("header")!;
    expect(within(header).getByText("Did not finish")).toBeInTheDocument();
    expect(within(header).getByRole("img", { name: "Rated 2.25 out of 5" })).toBeInTheDocument();
  });

  it("offers Did not finish as a status and saves it", async () => {
    const { user, as, bookId, client } = await setup();
    const status = screen.getByLabelText("Status");
    expect(
      within(status)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Want to read", "Currently reading", "Read", "Did not finish"]);
    await user.selectOptions(status, "Did not finish");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await screen.findByText("Changes saved");
    await waitForConvex(client);
    expect((await as.query(api.books.get, { bookId }))?.status).toBe("did-not-finish");
  });

  it("clears the ISBN when the field is emptied", async () => {
    const { user, as, bookId, client } = await setup({ title: "Matilda", author: "Roald Dahl", isbn: "9780140328721" });
    await user.clear(screen.getByLabelText(/ISBN/));
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await screen.findByText("Changes saved");
    await waitForConvex(client);
    expect((await as.query(api.books.get, { bookId }))?.isbn).toBeUndefined();
  });

  it("offers a lookup only while the book has no cover, and names the found cover's source", async () => {
    const { t } = await setup({
      title: "Matilda",
      author: "Roald Dahl",
      apiCoverUrl: "https://covers.openlibrary.org/b/id/1-L.jpg",
    });
    expect(screen.queryByRole("button", { name: /Fetch cover|Look for a cover|Look again/ })).toBeNull();
    expect(screen.getByText("Cover from Open Library")).toBeInTheDocument();
    // Shown from Folio's stored copy of the source cover, never from the source's link.
    const copy = await t.run((ctx) => ctx.db.query("storedCovers").unique());
    expect(copy).toMatchObject({ key: "ol:1", state: "stored" });
    expect(screen.getByRole("img", { name: "Cover of Matilda" })).toHaveAttribute("src", copy!.url);
  });

  it("deletes the book only after confirmation, then goes back to the library", async () => {
    const { user, as } = await setup();
    expect(screen.getByRole("button", { name: "Look for a cover" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Delete book" }));
    let dialog = await screen.findByRole("alertdialog", { name: "Delete this book?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(await libraryBooks(as)).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Delete book" }));
    dialog = await screen.findByRole("alertdialog", { name: "Delete this book?" });
    await user.click(within(dialog).getByRole("button", { name: "Delete book" }));
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith("/library"));
    expect(await screen.findByText("Book deleted")).toBeInTheDocument();
    expect(await libraryBooks(as)).toHaveLength(0);
  });

  it("says so when the book does not exist", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const bookId = await as.mutation(api.books.create, { title: "Gone", author: "", status: "read" });
    await as.mutation(api.books.remove, { bookId });
    renderWithConvex(<BookDetail bookId={bookId as Id<"books">} />, { t, as, wrapper: ToastProvider });
    expect(await screen.findByRole("heading", { name: "Book not found" })).toBeInTheDocument();
  });
});
