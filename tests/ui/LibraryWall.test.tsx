/**
 * The wall of a big library: pages load as the reader scrolls, the DOM stays bounded, the keyboard
 * moves between tiles, covers arriving never move the wall, and search, status, shelf and sort
 * narrow or order it. The real Convex functions run underneath (convex-test).
 *
 * jsdom has no layout: the list measures 0 wide, so the wall uses its default width (960 px: five
 * tiles of 172.8 x 259 px per row, rows 291 px apart) against jsdom's 1024 x 768 window.
 */
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, onTestFinished } from "vitest";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import type { ImportRowArg } from "@/convex/model/importRowValidator";
import { LibraryView, WALL_PAGE_SIZE } from "@/components/book/LibraryView";
import { wallLayout } from "@/components/book/wallLayout";
import { ToastProvider } from "@/components/ui/Toast";
import { renderWithConvex, waitForConvex } from "../support/renderWithConvex";
import { createUser, newBackend, type SignedIn } from "../support/users";

const ROW = wallLayout(0).rowHeight;
const COLUMNS = wallLayout(0).columns;

afterEach(() => window.scrollTo(0, 0));

/** jsdom lays nothing out: give the document the wall's height, so scrolling to a row can reach it. */
function documentAsTallAsTheWall() {
  Object.defineProperty(document.documentElement, "scrollHeight", {
    configurable: true,
    get: () => Number.parseFloat(screen.queryByRole("list", { name: "Your books" })?.style.height ?? "0") + window.innerHeight,
  });
  onTestFinished(() => {
    delete (document.documentElement as unknown as Record<string, unknown>).scrollHeight;
  });
}

let imports = 0;
async function importBooks(as: SignedIn, rows: Omit<ImportRowArg, "line">[]) {
  for (let start = 0; start < rows.length; start += 250) {
    imports += 1;
    await as.mutation(api.imports.commit, {
      clientImportId: `wall-${imports}`,
      format: "goodreads",
      rows: rows.slice(start, start + 250).map((row, i) => ({ ...row, line: start + i + 1 })),
      startCoverBackfill: false,
    });
  }
}

/** n books, "Book 0" the newest (date added counts down from 2020). */
function numberedBooks(n: number): Omit<ImportRowArg, "line">[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `Book ${i}`,
    author: "Wall Author",
    status: "read" as const,
    dateAdded: new Date(Date.UTC(2020, 0, 1) - i * 86_400_000).toISOString().slice(0, 10),
  }));
}

async function setup(seed?: (as: SignedIn) => Promise<void>) {
  const t = newBackend();
  const { as } = await createUser(t);
  await seed?.(as);
  const view = renderWithConvex(<LibraryView coverBackfill={false} searchDelayMs={0} />, { t, as, wrapper: ToastProvider });
  await screen.findByRole("list", { name: "Your books" });
  return { t, as, client: view.client, user: userEvent.setup() };
}

function renderedTiles() {
  const list = screen.getByRole("list", { name: "Your books" });
  return within(list)
    .getAllByRole("listitem")
    .map((li) => ({
      li,
      pos: Number(li.getAttribute("aria-posinset")),
      name: within(li).getByRole("img").getAttribute("aria-label"),
    }));
}

async function scrollToRow(row: number) {
  await act(async () => window.scrollTo(0, row * ROW));
}

describe("the wall of a large library", () => {
  it("renders only the rows in view, and loads the next page as the reader scrolls down", async () => {
    const { client } = await setup((as) => importBooks(as, numberedBooks(500)));
    const first = renderedTiles();
    // A page of 60 is loaded, but only the visible rows and a little overscan are in the DOM.
    expect(first.length).toBeLessThan(WALL_PAGE_SIZE);
    expect(first[0]).toMatchObject({ pos: 1, name: "Cover of Book 0" });
    await waitFor(() => expect(renderedTiles()[0].li).toHaveAttribute("aria-setsize", "500"));

    // Near the end of the first page: the second one loads, and the DOM stays as small.
    await scrollToRow(WALL_PAGE_SIZE / COLUMNS - 2);
    await waitForConvex(client);
    await scrollToRow(2 * (WALL_PAGE_SIZE / COLUMNS) - 2);
    await waitFor(() => expect(Math.max(...renderedTiles().map((t) => t.pos))).toBeGreaterThan(2 * WALL_PAGE_SIZE));
    const later = renderedTiles();
    expect(later.length).toBeLessThan(WALL_PAGE_SIZE);
    for (const tile of later) expect(tile.name).toBe(`Cover of Book ${tile.pos - 1}`);
  });

  it("keeps every tile the same size, cover or not, and does not move when a cover arrives", async () => {
    const { t, client } = await setup((as) => importBooks(as, numberedBooks(120)));
    await scrollToRow(5);
    await waitForConvex(client);
    const before = renderedTiles();
    const target = before.find((tile) => tile.pos === 5 * COLUMNS + 2)!;
    const bookId = target.li.querySelector("a")!.getAttribute("href")!.split("/").pop() as Id<"books">;

    // The cover arrives as the engine leaves it: found, and its stored copy in.
    const sourceUrl = "https://covers.openlibrary.org/b/id/42-L.jpg";
    await t.run(async (ctx) => {
      await ctx.db.insert("storedCovers", {
        key: "ol:42",
        source: "open-library",
        sourceUrl,
        state: "stored",
        url: "https://some-deployment.convex.cloud/api/storage/cover-42",
        createdAt: Date.now(),
      });
      await ctx.db.patch("books", bookId, { apiCoverUrl: sourceUrl, apiSource: "open-library", foundCoverKey: "ol:42" });
    });
    await act(() => client.refresh());

    const after = renderedTiles();
    expect(window.scrollY).toBe(5 * ROW);
    expect(after.map((tile) => tile.pos)).toEqual(before.map((tile) => tile.pos));
    const updated = after.find((tile) => tile.pos === target.pos)!;
    expect(within(updated.li).getByRole("img").tagName).toBe("IMG");
    for (const tile of after) {
      expect(tile.li.style.height).toBe(before[0].li.style.height);
      expect(tile.li.style.width).toBe(before[0].li.style.width);
    }
    expect(updated.li.style.top).toBe(target.li.style.top);
  });

  it("is one Tab stop; arrow keys, Home and End move between tiles and bring them into view", async () => {
    const { user } = await setup((as) => importBooks(as, numberedBooks(100)));
    documentAsTallAsTheWall();
    const links = () => within(screen.getByRole("list", { name: "Your books" })).getAllByRole("link");
    const focusedTitle = () => (document.activeElement as HTMLElement).querySelector("[aria-label]")?.getAttribute("aria-label");
    // Only one tile is in the Tab order.
    expect(links().filter((a) => a.tabIndex === 0)).toHaveLength(1);
    links()[0].focus();

    await user.keyboard("{ArrowRight}");
    expect(focusedTitle()).toBe("Cover of Book 1");
    await user.keyboard("{ArrowDown}");
    expect(focusedTitle()).toBe(`Cover of Book ${1 + COLUMNS}`);
    await user.keyboard("{ArrowLeft}{ArrowUp}");
    expect(focusedTitle()).toBe("Cover of Book 0");

    // End: the last loaded tile, far below the fold: it is scrolled to and focused.
    await user.keyboard("{End}");
    await waitFor(() => expect(focusedTitle()).toBe(`Cover of Book ${WALL_PAGE_SIZE - 1}`));
    expect(window.scrollY).toBeGreaterThan(5 * ROW);
    expect(links().filter((a) => a.tabIndex === 0)).toEqual([document.activeElement]);
    await user.keyboard("{Home}");
    await waitFor(() => expect(focusedTitle()).toBe("Cover of Book 0"));
  });
});

describe("finding books on the wall", () => {
  it("filters by status with the counts shown, and the counts follow the library", async () => {
    const { client, user } = await setup(async (as) => {
      await importBooks(as, [
        { title: "Read One", author: "A", status: "read" },
        { title: "Read Two", author: "B", status: "read" },
        { title: "Wanted", author: "C", status: "want-to-read" },
      ]);
    });
    const statusGroup = screen.getByRole("group", { name: "Show" });
    expect(await within(statusGroup).findByRole("radio", { name: "All 3" })).toBeChecked();
    expect(within(statusGroup).getByRole("radio", { name: "Read 2" })).not.toBeChecked();
    expect(within(statusGroup).getByRole("radio", { name: "Want to read 1" })).toBeInTheDocument();

    await user.click(within(statusGroup).getByRole("radio", { name: "Want to read 1" }));
    await waitFor(() => expect(renderedTiles().map((t) => t.name)).toEqual(["Cover of Wanted"]));

    await act(() => client.mutation(api.books.create, { title: "Also Wanted", author: "D", status: "want-to-read" }));
    expect(await within(statusGroup).findByRole("radio", { name: "Want to read 2" })).toBeChecked();
    await waitFor(() => expect(renderedTiles().map((t) => t.name)).toEqual(["Cover of Also Wanted", "Cover of Wanted"]));
    // The heading counts what the filter shows, out of the whole library.
    expect(screen.getByText("2 of 4 books")).toBeInTheDocument();
  });

  it("searches titles and authors, says when nothing matches, and clears the filters", async () => {
    const { user } = await setup(async (as) => {
      await importBooks(as, [
        { title: "Dune", author: "Frank Herbert", status: "read" },
        { title: "Emma", author: "Jane Austen", status: "read" },
        { title: "Persuasion", author: "Jane Austen", status: "want-to-read" },
      ]);
    });
    const search = screen.getByRole("searchbox", { name: "Search" });
    await user.type(search, "austen");
    await waitFor(() =>
      expect(
        renderedTiles()
          .map((t) => t.name)
          .sort(),
      ).toEqual(["Cover of Emma", "Cover of Persuasion"]),
    );
    // While searching, results come best match first: the sort is not offered.
    expect(screen.getByRole("combobox", { name: "Sort by" })).toBeDisabled();

    await user.click(screen.getByRole("radio", { name: /^Want to read/ }));
    await waitFor(() => expect(renderedTiles().map((t) => t.name)).toEqual(["Cover of Persuasion"]));

    await user.clear(search);
    await user.type(search, "tolkien");
    expect(await screen.findByText("No books match.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(renderedTiles()).toHaveLength(3));
    expect(search).toHaveValue("");
    expect(await screen.findByRole("radio", { name: "All 3" })).toBeChecked();
  });

  it("sorts by title, author and rating, and filters by shelf", async () => {
    const { client, user } = await setup(async (as) => {
      await importBooks(as, [
        { title: "Zebra Days", author: "Ann Able", status: "read", rating: 2, shelves: ["Animals"] },
        { title: "The Aardvark", author: "Cy Young", status: "read", rating: 5, shelves: ["animals", "Favourites"] },
        { title: "Middle", author: "Bo Baker", status: "read", rating: 4 },
      ]);
    });
    // The shelf list fills once the shelf sync has run.
    await act(() => client.runScheduled());
    const sort = screen.getByRole("combobox", { name: "Sort by" });
    await user.selectOptions(sort, "Title");
    await waitFor(() =>
      expect(renderedTiles().map((t) => t.name)).toEqual(["Cover of The Aardvark", "Cover of Middle", "Cover of Zebra Days"]),
    );
    await user.selectOptions(sort, "Author");
    await waitFor(() =>
      expect(renderedTiles().map((t) => t.name)).toEqual(["Cover of Zebra Days", "Cover of Middle", "Cover of The Aardvark"]),
    );
    await user.selectOptions(sort, "Rating");
    await waitFor(() =>
      expect(renderedTiles().map((t) => t.name)).toEqual(["Cover of The Aardvark", "Cover of Middle", "Cover of Zebra Days"]),
    );

    const shelf = await screen.findByRole("combobox", { name: "Shelf" });
    expect(
      within(shelf)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["All shelves", "Animals (2)", "Favourites (1)"]);
    await user.selectOptions(shelf, "Favourites (1)");
    await waitFor(() => expect(renderedTiles().map((t) => t.name)).toEqual(["Cover of The Aardvark"]));
  });
});
