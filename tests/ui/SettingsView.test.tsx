import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { LibraryShell } from "@/components/book/LibraryShell";
import { SettingsView } from "@/components/settings/SettingsView";
import { ToastProvider } from "@/components/ui/Toast";
import { libraryBooks } from "../support/libraryBooks";
import { renderWithConvex } from "../support/renderWithConvex";
import { createUser, newBackend, type SignedIn } from "../support/users";

const router = { replace: vi.fn(), push: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router }));

type Backend = ReturnType<typeof newBackend>;

async function setup(seed?: (reader: { as: SignedIn; t: Backend; userId: Id<"users"> }) => Promise<void>) {
  const t = newBackend();
  const { as, userId } = await createUser(t);
  await seed?.({ as, t, userId });
  const view = renderWithConvex(<SettingsView />, { t, as, wrapper: ToastProvider });
  return { as, client: view.client, user: userEvent.setup() };
}

async function addBooks(as: SignedIn, n: number) {
  for (let i = 0; i < n; i++) await as.mutation(api.books.create, { title: `Book ${i}`, author: "A", status: "read" });
}

describe("Settings: Delete all my books", () => {
  it("asks for the typed word before deleting, and Cancel deletes nothing", async () => {
    const { as, user } = await setup(({ as }) => addBooks(as, 3));
    expect(await screen.findByText(/every book in your library \(3 books\)/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Delete all my books…" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Delete all your books?" });
    const confirm = within(dialog).getByRole("button", { name: "Delete all books" });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByLabelText("Type DELETE to confirm"), "delete");
    expect(confirm).toBeDisabled();

    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(screen.getByRole("button", { name: "Delete all my books…" })).toHaveFocus();
    expect(await libraryBooks(as)).toHaveLength(3);
  });

  it("deletes every book once DELETE is typed, and says when it is done", async () => {
    const { as, client, user } = await setup(({ as }) => addBooks(as, 3));
    await user.click(await screen.findByRole("button", { name: "Delete all my books…" }));
    const dialog = await screen.findByRole("alertdialog");
    await user.type(within(dialog).getByLabelText("Type DELETE to confirm"), "DELETE");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());

    await act(() => client.runScheduled());
    expect(await screen.findByText(/All your books were deleted \(3 books\)/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to your library" })).toHaveAttribute("href", "/library");
    expect(await libraryBooks(as)).toEqual([]);
    // Nothing left to delete.
    expect(screen.getByRole("button", { name: "Delete all my books…" })).toBeDisabled();
  });

  it("shows a deletion under way with its progress, and cannot start another", async () => {
    // A deletion another tab started, half-way through (its steps are not run here).
    await setup(async ({ as, t, userId }) => {
      await addBooks(as, 2);
      await t.run((ctx) =>
        ctx.db.insert("libraryDeletions", { userId, state: "running", total: 1200, deleted: 500, startedAt: 1 }),
      );
    });
    const bar = await screen.findByRole("progressbar", { name: "Deleting your books" });
    expect(bar).toHaveAttribute("aria-valuenow", "500");
    expect(bar).toHaveAttribute("aria-valuemax", "1200");
    expect(screen.getByRole("status")).toHaveTextContent("Deleting your books: 500 of 1,200 books deleted…");
    expect(screen.getByRole("button", { name: "Delete all my books…" })).toBeDisabled();
  });
});

describe("LibraryShell", () => {
  it("links to Settings from every library page", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    renderWithConvex(
      <LibraryShell>
        <p>Page</p>
      </LibraryShell>,
      { t, as, wrapper: ToastProvider, auth: "convex-auth" },
    );
    const nav = await screen.findByRole("navigation", { name: "Account" });
    expect(within(nav).getByRole("link", { name: "Settings" })).toHaveAttribute("href", "/settings");
  });
});
