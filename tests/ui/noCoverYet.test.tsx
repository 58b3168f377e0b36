/**
 * "No cover yet" on the wall: a filter with the kept count, tiles that say why each book has no
 * cover, and a heading count that follows the active filter. The real functions run underneath.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { api, internal } from "@/convex/_generated/api";
import { LibraryView } from "@/components/book/LibraryView";
import { SummaryStep } from "@/components/import/SummaryStep";
import { ToastProvider } from "@/components/ui/Toast";
import { renderWithConvex } from "../support/renderWithConvex";
import { createUser, newBackend } from "../support/users";

async function setup(props: { initialWithoutCover?: boolean } = {}) {
  const t = newBackend();
  const { userId, as } = await createUser(t);
  const found = await as.mutation(api.books.create, { title: "Found Cover", author: "A", status: "read" });
  const missing = await as.mutation(api.books.create, { title: "Nothing Found", author: "B", status: "read" });
  const down = await as.mutation(api.books.create, { title: "Source Down", author: "C", status: "want-to-read" });
  await t.mutation(internal.books.writeApiCover, {
    userId,
    bookId: found,
    apiCoverUrl: "https://covers.openlibrary.org/b/id/9-L.jpg",
    apiSource: "open-library",
  });
  await t.mutation(internal.books.recordCoverAttempt, { userId, bookId: missing, reason: "not_found", backoff: true });
  await t.mutation(internal.books.recordCoverAttempt, { userId, bookId: down, reason: "upstream_error", backoff: true });
  renderWithConvex(<LibraryView coverBackfill={false} searchDelayMs={0} {...props} />, { t, as, wrapper: ToastProvider });
  await screen.findByRole("list", { name: "Your books" });
  return { user: userEvent.setup() };
}

function tileNames() {
  return within(screen.getByRole("list", { name: "Your books" }))
    .getAllByRole("link")
    .map((link) => link.textContent?.replace(/\s+/g, " ").trim());
}

describe("No cover yet", () => {
  it("is a filter with the kept count; its tiles say why each book has no cover", async () => {
    const { user } = await setup();
    const chip = await screen.findByRole("radio", { name: /No cover yet/ });
    await waitFor(() => expect(chip.closest("label")).toHaveTextContent("No cover yet 2"));
    await user.click(chip);

    await screen.findByText("2 of 3 books");
    const names = tileNames();
    expect(names).toHaveLength(2);
    expect(names.find((name) => name?.includes("by B"))).toMatch(/No cover found/);
    expect(names.find((name) => name?.includes("by C"))).toMatch(/Cover source unavailable/);
  });

  it("opens on the filter when the page is asked for it (the import summary's and the toast's link)", async () => {
    await setup({ initialWithoutCover: true });
    expect(await screen.findByRole("radio", { name: /No cover yet/ })).toBeChecked();
    await screen.findByText("2 of 3 books");
    expect(tileNames()).toHaveLength(2);
  });

  it("the heading count follows a status filter", async () => {
    const { user } = await setup();
    await screen.findByText("3 books");
    await user.click(screen.getByRole("radio", { name: /Want to read/ }));
    await screen.findByText("1 of 3 books");
  });
});

describe("the import summary", () => {
  it("links to the books with no cover yet once there are any", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const { importId } = await as.mutation(api.imports.commit, {
      clientImportId: "summary-link",
      format: "csv",
      rows: [{ line: 1, title: "Imported", author: "A", status: "read" }],
      startCoverBackfill: false,
    });
    renderWithConvex(
      <SummaryStep
        summary={{
          importId,
          created: 1,
          alreadyHad: 0,
          repeatedInFile: 0,
          booksInLibrary: 1,
          nonBooks: 0,
          skipped: 0,
          failed: [],
          notSent: 0,
        }}
        showCovers
        onImportAnother={() => {}}
      />,
      { t, as },
    );
    const link = await screen.findByRole("link", { name: "See the 1 book with no cover yet" });
    expect(link).toHaveAttribute("href", "/library?cover=missing");
  });
});
