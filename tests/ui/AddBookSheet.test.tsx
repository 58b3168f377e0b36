import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AddBookSheet } from "@/components/book/AddBookSheet";
import { Button } from "@/components/ui/Button";
import { ToastProvider } from "@/components/ui/Toast";
import { convexTestUploadHandler } from "../support/storageUploads";
import { renderWithConvex, waitForConvex } from "../support/renderWithConvex";
import { server } from "../msw/server";
import { libraryBooks } from "../support/libraryBooks";
import { createUser, newBackend } from "../support/users";
import { fileBytes } from "../support/imageBytes";

async function setup({ signedIn = true } = {}) {
  const t = newBackend();
  const { as } = await createUser(t);
  const onCreated = vi.fn();
  const view = renderWithConvex(<AddBookSheet trigger={<Button>Add book</Button>} onCreated={onCreated} />, {
    t,
    ...(signedIn ? { as } : {}),
    wrapper: ToastProvider,
  });
  const user = userEvent.setup();
  const trigger = screen.getByRole("button", { name: "Add book" });
  await user.click(trigger);
  const dialog = await screen.findByRole("dialog", { name: "Add a book" });
  return { t, as, user, trigger, dialog, onCreated, client: view.client };
}

describe("AddBookSheet", () => {
  it("opens as a labelled dialog with focus inside", async () => {
    const { dialog } = await setup();
    expect(within(dialog).getByLabelText("Title")).toBeInTheDocument();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
  });

  it("requires a title, marks the field invalid and submits nothing", async () => {
    const { user, dialog, as, onCreated } = await setup();
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));

    const title = within(dialog).getByLabelText("Title");
    expect(await within(dialog).findByText("Title is required")).toBeInTheDocument();
    expect(title).toHaveAttribute("aria-invalid", "true");
    expect(title).toHaveAccessibleDescription("Title is required");
    expect(title).toHaveFocus();
    expect(await libraryBooks(as)).toHaveLength(0);
    expect(onCreated).not.toHaveBeenCalled();
    expect(screen.getByRole("dialog", { name: "Add a book" })).toBeInTheDocument();
  });

  it("rejects a malformed ISBN and a wrong check digit next to the ISBN field", async () => {
    const { user, dialog, as } = await setup();
    await user.type(within(dialog).getByLabelText("Title"), "Fantastic Mr Fox");
    const isbn = within(dialog).getByLabelText(/ISBN/);

    await user.type(isbn, "12345");
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));
    expect(await within(dialog).findByText("ISBN must be 10 or 13 digits")).toBeInTheDocument();
    expect(isbn).toHaveAttribute("aria-invalid", "true");
    expect(isbn).toHaveFocus();
    expect(within(dialog).getByLabelText("Title")).not.toHaveAttribute("aria-invalid");

    await user.clear(isbn);
    // Editing the field clears its error until the next submit.
    expect(within(dialog).queryByText("ISBN must be 10 or 13 digits")).toBeNull();
    await user.type(isbn, "978-0-14-032872-2"); // last digit should be 1
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));
    expect(await within(dialog).findByText("ISBN check digit is wrong")).toBeInTheDocument();
    expect(await libraryBooks(as)).toHaveLength(0);
  });

  it("creates the book with normalised values, toasts, closes and returns focus to the trigger", async () => {
    const { user, dialog, as, trigger, onCreated, client } = await setup();
    await user.type(within(dialog).getByLabelText("Title"), "  Fantastic   Mr Fox ");
    await user.type(within(dialog).getByLabelText("Author"), "Roald  Dahl");
    await user.type(within(dialog).getByLabelText(/ISBN/), "0-14-032872-6");
    await user.selectOptions(within(dialog).getByLabelText("Status"), "Currently reading");
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));

    const toast = await screen.findByText("Book added");
    expect(toast.closest("[aria-live='polite']")).not.toBeNull();
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(trigger).toHaveFocus());
    await waitForConvex(client);

    const books = await libraryBooks(as);
    expect(books).toHaveLength(1);
    expect(books[0]).toMatchObject({
      title: "Fantastic Mr Fox",
      author: "Roald Dahl",
      isbn: "9780140328721",
      status: "currently-reading",
    });
    expect(books[0].coverUrl).toBeUndefined();
    expect(onCreated).toHaveBeenCalledWith(books[0]._id, { hasCover: false });

    // The form is empty again for the next book.
    await user.click(trigger);
    const again = await screen.findByRole("dialog", { name: "Add a book" });
    expect(within(again).getByLabelText("Title")).toHaveValue("");
  });

  it("uploads a chosen cover, then creates the book with it", async () => {
    const { t, user, dialog, as, onCreated, client } = await setup();
    const uploads: string[] = [];
    server.use(convexTestUploadHandler(t, uploads));
    await user.type(within(dialog).getByLabelText("Title"), "Matilda");
    const png = new File([fileBytes("image/png", 64)], "matilda.png", { type: "image/png" });
    await user.upload(within(dialog).getByLabelText(/Cover image/), png);
    expect(within(dialog).getByText("matilda.png")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));

    await screen.findByText("Book added");
    await waitForConvex(client);
    expect(uploads).toEqual(["image/png"]);
    const [created] = await libraryBooks(as);
    expect(created.coverStorageId).toBeDefined();
    expect(created.coverUrl).toBeTruthy();
    expect(onCreated).toHaveBeenCalledWith(created._id, { hasCover: true });
  });

  it("rejects a non-image cover file before uploading anything", async () => {
    const { dialog, as } = await setup();
    // A browser's file picker can be switched to "All files", which bypasses `accept`.
    const user = userEvent.setup({ applyAccept: false });
    await user.type(within(dialog).getByLabelText("Title"), "Matilda");
    const file = new File(["not an image"], "notes.txt", { type: "text/plain" });
    const input = within(dialog).getByLabelText(/Cover image/);
    await user.upload(input, file);
    expect(await within(dialog).findByText(/Cover must be an image/)).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));
    expect(await libraryBooks(as)).toHaveLength(0);
  });

  it("shows the server's message when the backend refuses", async () => {
    const { user, dialog, onCreated } = await setup({ signedIn: false });
    await user.type(within(dialog).getByLabelText("Title"), "Matilda");
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Sign in to use your library.");
    expect(onCreated).not.toHaveBeenCalled();
    expect(within(dialog).getByRole("button", { name: "Add book" })).not.toBeDisabled();
  });
});
