import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { api } from "@/convex/_generated/api";
import { LibraryView } from "@/components/book/LibraryView";
import { ToastProvider } from "@/components/ui/Toast";
import { renderWithConvex } from "../support/renderWithConvex";
import { libraryBooks } from "../support/libraryBooks";
import { createUser, newBackend } from "../support/users";

async function setup(
  seed?: (backend: { t: ReturnType<typeof newBackend>; as: Awaited<ReturnType<typeof createUser>>["as"] }) => Promise<void>,
) {
  const t = newBackend();
  const { as } = await createUser(t);
  await seed?.({ t, as });
  // The cover triggers have their own tests (coverBackfillUi.test.tsx); here they are off.
  const view = renderWithConvex(<LibraryView coverBackfill={false} />, { t, as, wrapper: ToastProvider });
  return { t, as, user: userEvent.setup(), client: view.client };
}

describe("LibraryView", () => {
  it("invites the reader to add or import when the library is empty", async () => {
    await setup();
    expect(await screen.findByRole("heading", { name: "Your shelves are waiting" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add a book" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Import a library" })).toHaveAttribute("href", "/import");
    expect(screen.getByText("0 books")).toBeInTheDocument();
  });

  it("shows the reader's books newest first as a wall of tiles", async () => {
    await setup(async ({ t, as }) => {
      await as.mutation(api.books.create, { title: "Older", author: "A", status: "read" });
      await as.mutation(api.books.create, { title: "Newer", author: "B", status: "read" });
      // Another reader's books never show.
      const other = await createUser(t, "Other");
      await other.as.mutation(api.books.create, { title: "Not mine", author: "C", status: "read" });
    });
    const list = await screen.findByRole("list", { name: "Your books" });
    const names = within(list)
      .getAllByRole("link")
      .map((link) => within(link).getByRole("img").getAttribute("aria-label"));
    expect(names).toEqual(["Cover of Newer", "Cover of Older"]);
    expect(screen.getByText("2 books")).toBeInTheDocument();
  });

  it("adds a book from the empty state and then returns focus to the toolbar's Add book", async () => {
    const { user, as } = await setup();
    await user.click(await screen.findByRole("button", { name: "Add a book" }));
    const dialog = await screen.findByRole("dialog", { name: "Add a book" });
    await user.type(within(dialog).getByLabelText("Title"), "Matilda");
    await user.click(within(dialog).getByRole("button", { name: "Add book" }));

    const list = await screen.findByRole("list", { name: "Your books" });
    expect(within(list).getByRole("img", { name: "Cover of Matilda" })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    // The empty state's button is gone, so focus lands on the toolbar's Add book.
    await waitFor(() => expect(screen.getByRole("button", { name: "Add book" })).toHaveFocus());
    expect(await libraryBooks(as)).toHaveLength(1);
  });
});
