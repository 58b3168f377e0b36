/**
 * The book page shows and edits what the reader wrote (issue 20 item 3): the review (as text, never
 * HTML, line breaks kept, a spoiler flag), private notes marked private, every read with its dates,
 * the read count, owned, moods and tags. Each section saves through `books.update` with an announced
 * status, validation names the field and never the value, and an unsaved edit is not lost silently
 * when the reader follows a link. The real functions run underneath; only the router is stubbed.
 */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { BookDetail } from "@/components/book/BookDetail";
import { EXCERPT_LENGTH } from "@/components/book/WrittenTextSection";
import { ToastProvider } from "@/components/ui/Toast";
import type { ImportRow } from "@/lib/import";
import { renderWithConvex, waitForConvex } from "../support/renderWithConvex";
import { createUser, newBackend, type SignedIn } from "../support/users";

const router = vi.hoisted(() => ({ replace: vi.fn(), push: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

const TITLE = "The Martian";

async function importBook(as: SignedIn, fields: Partial<ImportRow> = {}): Promise<Id<"books">> {
  const result = await as.mutation(api.imports.commit, {
    clientImportId: `written-${Math.random()}`,
    format: "goodreads",
    startCoverBackfill: false,
    rows: [
      {
        line: 1,
        title: TITLE,
        author: "Andy Weir",
        status: "read",
        shelves: ["sci-fi", "favorites"],
        review: "The good:\n - the voice\n - the potatoes",
        reviewSpoiler: true,
        privateNotes: "Reread before the film.",
        reads: [{ started: "2015-02-20", finished: "2015-03-02" }, { finished: "2019-07-14" }],
        dateRead: "2019-07-14",
        readCount: 2,
        owned: true,
        moods: ["funny", "tense"],
        ...fields,
      },
    ],
  });
  return result.createdBookIds[0];
}

async function setup(fields: Partial<ImportRow> = {}) {
  const t = newBackend();
  const { as } = await createUser(t);
  const bookId = await importBook(as, fields);
  const view = renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
  await screen.findByRole("heading", { level: 1, name: TITLE });
  return { as, bookId, client: view.client, user: userEvent.setup() };
}

const section = (name: string) => screen.getByRole("region", { name });
const stored = (as: SignedIn, bookId: Id<"books">) => as.query(api.books.get, { bookId });

beforeEach(() => {
  router.push.mockReset();
  router.replace.mockReset();
});

describe("the book page shows everything the import kept", () => {
  it("the review with its line breaks and spoiler flag, private notes marked private, every read, read count, owned, moods and tags", async () => {
    await setup();
    const review = section("Your review");
    expect(within(review).getByText("Contains spoilers")).toBeInTheDocument();
    const text = within(review).getByText(/^The good:/);
    expect(text.textContent).toBe("The good:\n - the voice\n - the potatoes");
    expect(text).toHaveClass("whitespace-pre-wrap");

    const notes = section("Private notes");
    expect(within(notes).getByText("Private: only you can see these notes.")).toBeInTheDocument();
    expect(within(notes).getByText("Reread before the film.")).toBeInTheDocument();

    const reads = section("Reads");
    const first = within(reads).getByRole("group", { name: "Read 1" });
    expect(within(first).getByLabelText("Started")).toHaveValue("2015-02-20");
    expect(within(first).getByLabelText("Finished")).toHaveValue("2015-03-02");
    const second = within(reads).getByRole("group", { name: "Read 2" });
    expect(within(second).getByLabelText("Started")).toHaveValue("");
    expect(within(second).getByLabelText("Finished")).toHaveValue("2019-07-14");
    expect(within(reads).getByLabelText(/Read count/)).toHaveValue("2");

    const reading = screen.getByRole("form", { name: "Your reading" });
    expect(within(reading).getByLabelText("Shelves")).toHaveValue("sci-fi, favorites");
    expect(within(reading).getByLabelText("Moods")).toHaveValue("funny, tense");
    expect(within(reading).getByLabelText("I own a copy")).toBeChecked();
  });

  it("a review that looks like HTML is shown as literal text, never as markup", async () => {
    const html = '<b>bold</b> <img src="x" onerror="alert(1)"> &amp; <script>alert(2)</script>\nsecond line';
    await setup({ review: html });
    const review = section("Your review");
    const text = within(review).getByText(/^<b>bold<\/b>/);
    expect(text.textContent).toBe(html);
    expect(review.querySelector("b, img, script")).toBeNull();
  });

  it("a book without any of it says so and offers to write", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const bookId = await as.mutation(api.books.create, { title: TITLE, author: "Andy Weir", status: "read" });
    renderWithConvex(<BookDetail bookId={bookId} />, { t, as, wrapper: ToastProvider });
    await screen.findByRole("heading", { level: 1, name: TITLE });
    expect(within(section("Your review")).getByText("You have not written a review of this book.")).toBeInTheDocument();
    expect(within(section("Your review")).getByRole("button", { name: "Write a review" })).toBeInTheDocument();
    expect(within(section("Private notes")).getByRole("button", { name: "Add notes" })).toBeInTheDocument();
    expect(within(section("Reads")).getByText("No reads recorded yet.")).toBeInTheDocument();
  });

  it("a 20,000-character review shows an excerpt, and the whole of it on request", async () => {
    const long = Array.from({ length: 2_000 }, (_, i) => `word${i % 10}`)
      .join(" ")
      .slice(0, 20_000);
    const { user } = await setup({ review: long });
    const review = section("Your review");
    const body = within(review).getByText(/^word0 word1/);
    expect(body.textContent!.length).toBeLessThanOrEqual(EXCERPT_LENGTH + 1);
    expect(body).toHaveClass("[overflow-wrap:anywhere]");
    const more = within(review).getByRole("button", { name: "Show the whole review" });
    expect(more).toHaveAttribute("aria-expanded", "false");
    await user.click(more);
    expect(body.textContent).toBe(long);
    expect(within(review).getByRole("button", { name: "Show less" })).toHaveAttribute("aria-expanded", "true");
  });
});

describe("editing what the reader wrote", () => {
  it("edits the review in a plain textarea and its spoiler flag; the status is announced", async () => {
    const { as, bookId, client, user } = await setup();
    const review = section("Your review");
    await user.click(within(review).getByRole("button", { name: "Edit review" }));
    const box = within(review).getByLabelText("Review");
    expect(box.tagName).toBe("TEXTAREA");
    expect(box).toHaveValue("The good:\n - the voice\n - the potatoes");
    expect(box).toHaveFocus();
    await user.clear(box);
    await user.type(box, "Funnier than I remembered.{Enter}<i>Still</i> great.");
    await user.click(within(review).getByLabelText("Contains spoilers"));
    await user.click(within(review).getByRole("button", { name: "Save" }));
    const status = within(review).getByRole("status");
    expect(status).toHaveAttribute("aria-live", "polite");
    await waitFor(() => expect(status).toHaveTextContent("Review saved."));
    await waitForConvex(client);
    const book = await stored(as, bookId);
    expect(book?.review).toBe("Funnier than I remembered.\n<i>Still</i> great.");
    expect(book?.reviewSpoiler).toBeUndefined();
    expect(within(review).getByText(/^Funnier/).textContent).toBe("Funnier than I remembered.\n<i>Still</i> great.");
    expect(within(review).queryByText("Contains spoilers")).toBeNull();
    await waitFor(() => expect(within(review).getByRole("button", { name: "Edit review" })).toHaveFocus());
  });

  it("clearing the review removes it (and its spoiler flag)", async () => {
    const { as, bookId, client, user } = await setup();
    const review = section("Your review");
    await user.click(within(review).getByRole("button", { name: "Edit review" }));
    await user.clear(within(review).getByLabelText("Review"));
    await user.click(within(review).getByRole("button", { name: "Save" }));
    await within(review).findByText("You have not written a review of this book.");
    await waitForConvex(client);
    const book = await stored(as, bookId);
    expect(book?.review).toBeUndefined();
    expect(book?.reviewSpoiler).toBeUndefined();
  });

  it("a review over the limit is refused in words that name the field, not the text; nothing is saved", async () => {
    const { as, bookId, user } = await setup();
    const review = section("Your review");
    await user.click(within(review).getByRole("button", { name: "Edit review" }));
    const box = within(review).getByLabelText("Review");
    fireEvent.change(box, { target: { value: `secret-words ${"x".repeat(50_000)}` } });
    await user.click(within(review).getByRole("button", { name: "Save" }));
    const error = await within(review).findByText("Review is longer than 50,000 characters");
    expect(error.textContent).not.toContain("secret-words");
    expect(box).toHaveAttribute("aria-invalid", "true");
    expect(within(review).getByRole("status")).toHaveTextContent("Not saved: check Review.");
    expect((await stored(as, bookId))?.review).toBe("The good:\n - the voice\n - the potatoes");
  });

  it("edits the private notes", async () => {
    const { as, bookId, client, user } = await setup();
    const notes = section("Private notes");
    await user.click(within(notes).getByRole("button", { name: "Edit notes" }));
    const box = within(notes).getByLabelText("Private notes");
    await user.type(box, "{Enter}Lent to Sam in May.");
    await user.click(within(notes).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(within(notes).getByRole("status")).toHaveTextContent("Private notes saved."));
    await waitForConvex(client);
    expect((await stored(as, bookId))?.privateNotes).toBe("Reread before the film.\nLent to Sam in May.");
    expect(within(notes).getByText(/^Reread before the film\./).textContent).toBe("Reread before the film.\nLent to Sam in May.");
  });

  it("adds, changes and removes reads from the keyboard; the date read follows the latest end", async () => {
    const { as, bookId, client, user } = await setup();
    const reads = section("Reads");
    // Add a read with the keyboard: its Started field takes the focus.
    within(reads).getByRole("button", { name: "Add a read" }).focus();
    await user.keyboard("{Enter}");
    const third = within(reads).getByRole("group", { name: "Read 3" });
    await waitFor(() => expect(within(third).getByLabelText("Started")).toHaveFocus());
    fireEvent.change(within(third).getByLabelText("Started"), { target: { value: "2024-01-03" } });
    fireEvent.change(within(third).getByLabelText("Finished"), { target: { value: "2024-01-20" } });
    // Change the second read's end, remove the first.
    const second = within(reads).getByRole("group", { name: "Read 2" });
    fireEvent.change(within(second).getByLabelText("Started"), { target: { value: "2019-07-01" } });
    within(reads).getByRole("button", { name: "Remove read 1" }).focus();
    await user.keyboard("{Enter}");
    expect(within(reads).queryByRole("group", { name: "Read 3" })).toBeNull();
    await waitFor(() =>
      expect(within(within(reads).getByRole("group", { name: "Read 1" })).getByLabelText("Started")).toHaveFocus(),
    );
    expect(within(reads).getByRole("status")).toHaveTextContent("Unsaved changes");

    await user.click(within(reads).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(within(reads).getByRole("status")).toHaveTextContent("Reads saved."));
    await waitForConvex(client);
    const book = await stored(as, bookId);
    expect(book?.reads).toEqual([
      { started: "2019-07-01", finished: "2019-07-14" },
      { started: "2024-01-03", finished: "2024-01-20" },
    ]);
    expect(book?.dateRead).toBe("2024-01-20");
    // "Your reading" follows the book: the new date read, and nothing there counts as changed.
    const reading = screen.getByRole("form", { name: "Your reading" });
    await waitFor(() => expect(within(reading).getByLabelText("Date read")).toHaveValue("2024-01-20"));
    expect(within(reading).getByRole("button", { name: "Save" })).toBeDisabled();
  });

  it("a read that ends before it starts is refused naming the read and the field, never the dates", async () => {
    const { as, bookId, user } = await setup();
    const reads = section("Reads");
    const first = within(reads).getByRole("group", { name: "Read 1" });
    fireEvent.change(within(first).getByLabelText("Started"), { target: { value: "2015-04-01" } });
    await user.click(within(reads).getByRole("button", { name: "Save" }));
    const error = await within(reads).findByText("Read 1: Finished must be on or after Started");
    expect(error.textContent).not.toMatch(/2015/);
    expect(within(first).getByLabelText("Finished")).toHaveAttribute("aria-invalid", "true");
    expect(within(first).getByLabelText("Finished")).toHaveFocus();
    expect((await stored(as, bookId))?.reads?.[0]).toEqual({ started: "2015-02-20", finished: "2015-03-02" });
  });

  it("the read count: a whole number is saved, anything else is refused naming the field", async () => {
    const { as, bookId, client, user } = await setup();
    const reads = section("Reads");
    const count = within(reads).getByLabelText(/Read count/);
    await user.clear(count);
    await user.type(count, "2.5");
    await user.click(within(reads).getByRole("button", { name: "Save" }));
    expect(await within(reads).findByText("Read count must be a whole number from 0 to 10,000")).toBeInTheDocument();
    expect(count).toHaveFocus();
    await user.clear(count);
    await user.type(count, "3");
    await user.click(within(reads).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(within(reads).getByRole("status")).toHaveTextContent("Reads saved."));
    await waitForConvex(client);
    expect((await stored(as, bookId))?.readCount).toBe(3);
  });

  it("owned and moods save with Your reading", async () => {
    const { as, bookId, client, user } = await setup();
    const reading = screen.getByRole("form", { name: "Your reading" });
    await user.click(within(reading).getByLabelText("I own a copy"));
    const moods = within(reading).getByLabelText("Moods");
    await user.clear(moods);
    await user.type(moods, "funny, hopeful, Funny");
    await user.click(within(reading).getByRole("button", { name: "Save" }));
    await screen.findByText("Saved");
    await waitForConvex(client);
    const book = await stored(as, bookId);
    expect(book?.owned).toBe(false);
    expect(book?.moods).toEqual(["funny", "hopeful"]);
  });
});

describe("an unsaved edit is not lost silently", () => {
  it("following a link asks first: Keep editing keeps the draft, Leave goes", async () => {
    const { user } = await setup();
    const review = section("Your review");
    await user.click(within(review).getByRole("button", { name: "Edit review" }));
    await user.type(within(review).getByLabelText("Review"), " Draft words.");
    const fromReads = section("Reads");
    fireEvent.change(within(within(fromReads).getByRole("group", { name: "Read 1" })).getByLabelText("Started"), {
      target: { value: "2015-02-21" },
    });

    await user.click(screen.getByRole("link", { name: /Library/ }));
    const dialog = await screen.findByRole("alertdialog", { name: "Leave without saving?" });
    expect(dialog).toHaveTextContent("You have not saved your changes in “Your review” and “Reads”.");
    expect(router.push).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole("button", { name: "Keep editing" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(within(review).getByLabelText("Review")).toHaveValue("The good:\n - the voice\n - the potatoes Draft words.");

    await user.click(screen.getByRole("link", { name: /Library/ }));
    await user.click(await screen.findByRole("button", { name: "Leave without saving" }));
    expect(router.push).toHaveBeenCalledWith("/library");
  });

  it("nothing is asked when nothing is unsaved", async () => {
    const { user } = await setup();
    const review = section("Your review");
    await user.click(within(review).getByRole("button", { name: "Edit review" }));
    // An editor opened but unchanged holds nothing to lose.
    const link = screen.getByRole("link", { name: /Library/ });
    fireEvent.click(link);
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });
});
