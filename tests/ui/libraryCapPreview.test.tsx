/**
 * The import preview warns when a file's new books would take the library past its cap (counted
 * from the kept counts), and the warning follows the rows the reader leaves out. The real flow:
 * the parser, the real Convex functions behind convex/react, no mocks.
 */
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { ImportFlow } from "@/components/import/ImportFlow";
import { ToastProvider } from "@/components/ui/Toast";
import { LIBRARY_MAX_BOOKS } from "@/lib/books/libraryCap";
import { renderWithConvex } from "../support/renderWithConvex";
import { createUser, newBackend, type TestConvex } from "../support/users";

/** Sets the reader's kept total: the cap reads the counter, never the books. */
async function setKeptTotal(t: TestConvex, userId: Id<"users">, total: number): Promise<void> {
  await t.run(async (ctx) => {
    const counter = await ctx.db
      .query("libraryCounts")
      .withIndex("by_user", (q) => q.eq("userId", userId))
      .unique();
    await ctx.db.patch("libraryCounts", counter!._id, { total, byStatus: { read: total } });
  });
}

const FIVE_NEW_BOOKS = ["Title,Author", ...[1, 2, 3, 4, 5].map((n) => `Book ${n},Author ${n}`)].join("\n");

async function previewOf(libraryTotal: number) {
  const t = newBackend();
  const { userId, as } = await createUser(t);
  await as.mutation(api.books.create, { title: "Already there", author: "Someone", status: "read" });
  await setKeptTotal(t, userId, libraryTotal);
  const user = userEvent.setup();
  renderWithConvex(<ImportFlow coverBackfill={false} />, { t, as, wrapper: ToastProvider });
  await user.upload(screen.getByLabelText("Choose a file"), new File([FIVE_NEW_BOOKS], "books.csv", { type: "text/csv" }));
  await screen.findByRole("heading", { name: "Check what will be imported" });
  return user;
}

describe("the import preview and the library cap", () => {
  it("says how many of the file's new books fit, and stops saying it once the reader leaves enough out", async () => {
    const user = await previewOf(LIBRARY_MAX_BOOKS - 2);
    const notice = await screen.findByText(/can hold at most 50,000/);
    expect(notice).toHaveTextContent(
      "Your library has 49,998 books and can hold at most 50,000, so only 2 of the 5 new books in this file fit. Untick 3 of them",
    );

    for (const line of [2, 3]) await user.click(screen.getByRole("checkbox", { name: `Include line ${line}` }));
    expect(screen.getByText(/only 2 of the 3 new books in this file fit\. Untick 1 of them/)).toBeInTheDocument();
    await user.click(screen.getByRole("checkbox", { name: "Include line 4" }));
    await waitFor(() => expect(screen.queryByText(/can hold at most 50,000/)).toBeNull());
  });

  it("says a full library takes none of them", async () => {
    await previewOf(LIBRARY_MAX_BOOKS);
    expect(await screen.findByText(/Your library is full/)).toHaveTextContent(
      "Your library is full: it has 50,000 books, the most it can hold, so none of the 5 new books in this file can be imported.",
    );
  });
});
