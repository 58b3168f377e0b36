/**
 * The /import flow end to end in jsdom: the real parser, the real Convex functions (convex-test)
 * behind the real convex/react hooks, msw for the cover sources.
 */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { readFileSync } from "node:fs";
import path from "node:path";
import { http } from "msw";
import { ConvexError } from "convex/values";
import { api } from "@/convex/_generated/api";
import { setLookupPacer } from "@/convex/model/backfillRun";
import { ImportFlow } from "@/components/import/ImportFlow";
import { chunkRows, commitChunks, type ChunkOutcome } from "@/components/import/commitChunks";
import { COMMIT_INTERRUPTED_MESSAGE } from "@/components/import/useChunkedCommit";
import { ToastProvider } from "@/components/ui/Toast";
import { unlimited } from "@/lib/cover/rateLimiter";
import { COVER_ENDPOINTS, coverSourceHandlers, type CatalogueBook } from "../msw/coverSources";
import { server } from "../msw/server";
import { renderWithConvex, waitForConvex } from "../support/renderWithConvex";
import { libraryBooks } from "../support/libraryBooks";
import { createUser, newBackend } from "../support/users";

let restore: () => void;
beforeEach(() => {
  restore = setLookupPacer(unlimited);
});
afterEach(() => restore());

const GOODREADS_HEADER =
  "Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies";

function goodreadsRow(id: number, title: string, author: string, { rating = 0, shelf = "read" } = {}): string {
  const quoted = `"${title.replace(/"/g, '""')}"`;
  return `${id},${quoted},${author},,,"=""""","=""""",${rating},4.00,,Paperback,300,2001,2001,,2024/01/02,,,${shelf},,,,1,0`;
}

/**
 * Line 2 new, 3 duplicate of a library book, 4 invalid (no title), 5 new with a warning (rating 7
 * cannot be read: dropped, the book still lands), 6 new (HTML in the title), 7 repeats line 2.
 */
const LIBRARY_CSV = [
  GOODREADS_HEADER,
  goodreadsRow(101, "Saltmarsh Cartography", "Ione Halberdine", { rating: 4 }),
  goodreadsRow(102, "The Glass Orchard", "Wren Talloway", { shelf: "to-read" }),
  goodreadsRow(103, "", "Bram Ostrander", { rating: 3 }),
  goodreadsRow(104, "Lanterns Under Ice", "Odile Marchbank", { rating: 7 }),
  goodreadsRow(105, "<b>Bold</b> Moves", "Tamsin Quayle", { shelf: "currently-reading" }),
  goodreadsRow(106, "Saltmarsh Cartography", "Ione Halberdine"),
].join("\n");

const CATALOGUE: CatalogueBook[] = [
  { title: "Saltmarsh Cartography", authors: ["Ione Halberdine"], coverId: 4101 },
  { title: "The Glass Orchard", authors: ["Wren Talloway"], coverId: 4102 },
];

const TITLE_REASON = 'Title is missing (column "Title")';
const RATING_WARNING =
  'Rating could not be read (column "My Rating"): ratings are 0.25 to 5 stars in steps of 0.25; imported without a rating';

async function setup(ui = <ImportFlow />) {
  const t = newBackend();
  const { as } = await createUser(t);
  await as.mutation(api.books.create, { title: "The Glass Orchard", author: "Wren Talloway", status: "read" });
  const view = renderWithConvex(ui, { t, as, wrapper: ToastProvider });
  return { t, as, client: view.client, user: userEvent.setup() };
}

function fileInput(): HTMLInputElement {
  return screen.getByLabelText("Choose a file");
}

function csvFile(text: string, name = "library.csv"): File {
  return new File([text], name, { type: "text/csv" });
}

/** The value shown under a count's label in the preview or the summary. */
function countOf(label: string): string {
  const term = screen.getByText(label, { selector: "dt" });
  return term.nextElementSibling?.textContent ?? "";
}

function rowOfLine(table: HTMLElement, line: number): HTMLElement {
  const cell = within(table)
    .getAllByRole("cell")
    .find((c) => c.textContent === String(line) && (c as HTMLTableCellElement).cellIndex === 1);
  if (!cell) throw new Error(`no row for line ${line}`);
  return cell.closest("tr")!;
}

async function previewTable(): Promise<HTMLElement> {
  await screen.findByRole("heading", { name: "Check what will be imported" });
  return screen.getByRole("table", { name: /Rows of/ });
}

describe("ImportFlow", () => {
  it("uploads a Goodreads export, previews it, commits it and follows the cover search to the end", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.use(
      // Hold the first cover lookup so the running state can be observed, then fall through to the catalogue.
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        await held;
      }),
      ...coverSourceHandlers({ books: CATALOGUE }),
    );
    const { as, client, user } = await setup();

    await user.upload(fileInput(), csvFile(LIBRARY_CSV));
    const table = await previewTable();

    expect(screen.getByText("Goodreads export", { exact: false })).toBeInTheDocument();
    expect(countOf("To import as new")).toBe("3");
    expect(countOf("Duplicates to merge")).toBe("2");
    expect(countOf("Invalid")).toBe("1");
    expect(countOf("Skipped by you")).toBe("0");
    expect(countOf("Warnings")).toBe("1");
    expect(within(rowOfLine(table, 5)).getByText(`Warning: ${RATING_WARNING}`)).toBeInTheDocument();

    const invalid = rowOfLine(table, 4);
    expect(within(invalid).getByText(`Invalid: ${TITLE_REASON}`)).toBeInTheDocument();
    expect(within(invalid).getByRole("checkbox", { name: "Include line 4" })).toBeDisabled();
    expect(within(invalid).getByRole("checkbox", { name: "Include line 4" })).not.toBeChecked();

    const existing = rowOfLine(table, 3);
    expect(within(existing).getByText("The Glass Orchard")).toBeInTheDocument();
    expect(within(existing).getByText("Already in your library (same title and author)")).toBeInTheDocument();
    expect(within(existing).getByRole("checkbox", { name: "Include line 3" })).toBeChecked();
    expect(within(rowOfLine(table, 7)).getByText("Duplicate of line 2 (same title and author)")).toBeInTheDocument();
    expect(within(rowOfLine(table, 2)).getByText("New")).toBeInTheDocument();
    expect(within(rowOfLine(table, 2)).getByRole("img", { name: "Rated 4 out of 5" })).toBeInTheDocument();
    // Markup in a title is shown as text, never interpreted.
    expect(within(rowOfLine(table, 6)).getByText("<b>Bold</b> Moves")).toBeInTheDocument();
    expect(table.querySelector("b")).toBeNull();
    expect(within(rowOfLine(table, 6)).getByText("Currently reading")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Import 5 books" }));

    const heading = await screen.findByRole("heading", { name: "Import finished" });
    expect(heading).toHaveFocus();
    expect(countOf("Created")).toBe("3");
    // Line 3 is a book the reader had; line 7 repeats line 2 of the same file: 4 books, not 5.
    expect(countOf("Already in your library")).toBe("1");
    expect(countOf("Repeated in the file")).toBe("1");
    expect(screen.queryByText("Merged", { selector: "dt" })).toBeNull();
    expect(screen.getByText(/^4 books in your library from this file\./)).toBeInTheDocument();
    expect(countOf("Skipped")).toBe("0");
    expect(countOf("Failed")).toBe("1");
    const failed = screen.getByRole("table", { name: /Rows not imported/ });
    expect(within(failed).getByRole("row", { name: `4 ${TITLE_REASON}` })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to your library" })).toHaveAttribute("href", "/library");

    // The commit queued the books without covers (3 created + the merged library book); the lookup is held.
    const covers = screen.getByRole("region", { name: "Covers" });
    await waitFor(() =>
      expect(within(covers).getByRole("status")).toHaveTextContent(
        "Finding covers: 0 of 4 books checked · 0 found. Estimating the time left…",
      ),
    );
    expect(within(covers).getByRole("progressbar", { name: "Cover search progress" })).toHaveAttribute("aria-valuenow", "0");
    expect(within(covers).getByRole("progressbar", { name: "Cover search progress" })).toHaveAttribute("aria-valuemax", "4");
    expect(within(covers).getByText(/keep arriving .* even if you leave this page/)).toBeInTheDocument();

    release();
    // The drain's steps are scheduled functions, some for a moment later: run them until the end shows.
    await waitFor(async () => {
      await client.runScheduled();
      expect(within(covers).getByRole("status")).toHaveTextContent("Covers: 2 found, 2 not found. Finished.");
    });
    expect(within(covers).queryByText(/Estimating|left\.$/)).toBeNull();
    const bar = within(covers).getByRole("progressbar", { name: "Cover search progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "4");
    expect(bar).toHaveAttribute("aria-valuemax", "4");

    const books = await libraryBooks(as);
    expect(books.map((b) => b.title).sort()).toEqual(
      ["<b>Bold</b> Moves", "Lanterns Under Ice", "Saltmarsh Cartography", "The Glass Orchard"].sort(),
    );
    const orchard = books.find((b) => b.title === "The Glass Orchard")!;
    // Merged, not overwritten: the reader's status stays.
    expect(orchard.status).toBe("read");
    expect(orchard.apiCoverUrl).toBe("https://covers.openlibrary.org/b/id/4102-L.jpg");
  });

  it("shows a whole-file problem as an alert and lets the reader pick another file", async () => {
    const { user } = await setup(<ImportFlow coverBackfill={false} />);

    await user.upload(fileInput(), csvFile("", "empty.csv"));
    expect(await screen.findByRole("alert")).toHaveTextContent("The file is empty: there is nothing to import.");
    expect(fileInput()).toHaveAttribute("aria-invalid", "true");

    await user.upload(fileInput(), csvFile(`${GOODREADS_HEADER}\n`, "header-only.csv"));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("The file has a header row but no books under it."));
    expect(screen.queryByRole("table")).toBeNull();

    await user.upload(fileInput(), csvFile(LIBRARY_CSV));
    await previewTable();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("rejects a file type it cannot read before reading it", async () => {
    await setup(<ImportFlow coverBackfill={false} />);
    // applyAccept off: a drag and drop ignores the input's accept list too.
    const user = userEvent.setup({ applyAccept: false });
    await user.upload(fileInput(), new File(["PK\u0003\u0004"], "library.xlsx"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Spreadsheets can't be read directly");
  });

  it("reads a file dropped on the drop zone", async () => {
    await setup(<ImportFlow coverBackfill={false} />);
    const zone = screen.getByText("Drag and drop your file here, or").parentElement!;
    const file = csvFile(LIBRARY_CSV);
    fireEvent.dragOver(zone, { dataTransfer: { types: ["Files"], files: [file] } });
    expect(screen.getByText("Drop the file to read it")).toBeInTheDocument();
    fireEvent.drop(zone, { dataTransfer: { types: ["Files"], files: [file] } });
    const table = await previewTable();
    expect(within(rowOfLine(table, 2)).getByText("Saltmarsh Cartography")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Check what will be imported" })).toHaveFocus();
  });

  it("does not import a row the reader excluded", async () => {
    const { as, user } = await setup(<ImportFlow coverBackfill={false} />);
    await user.upload(fileInput(), csvFile(LIBRARY_CSV));
    await previewTable();

    await user.click(screen.getByRole("checkbox", { name: "Include line 5" }));
    expect(screen.getByRole("checkbox", { name: "Include line 5" })).not.toBeChecked();
    expect(countOf("To import as new")).toBe("2");
    expect(countOf("Skipped by you")).toBe("1");

    await user.click(screen.getByRole("button", { name: "Import 4 books" }));
    await screen.findByRole("heading", { name: "Import finished" });
    expect(countOf("Created")).toBe("2");
    expect(countOf("Skipped")).toBe("1");
    // The flag is off: no cover progress.
    expect(screen.queryByRole("region", { name: "Covers" })).toBeNull();

    const titles = (await libraryBooks(as)).map((b) => b.title);
    expect(titles).not.toContain("Lanterns Under Ice");
    expect(titles).toContain("Saltmarsh Cartography");
  });

  it("classifies without the rows the reader excluded: a repeat of an excluded row becomes the new book", async () => {
    const { user } = await setup(<ImportFlow coverBackfill={false} />);
    await user.upload(fileInput(), csvFile(LIBRARY_CSV));
    const table = await previewTable();
    expect(within(rowOfLine(table, 7)).getByText("Duplicate of line 2 (same title and author)")).toBeInTheDocument();

    await user.click(screen.getByRole("checkbox", { name: "Include line 2" }));
    expect(within(rowOfLine(table, 7)).getByText("New")).toBeInTheDocument();
    expect(countOf("To import as new")).toBe("3");
    expect(countOf("Duplicates to merge")).toBe("1");
  });

  it("lets the reader pick the title column of a CSV whose header it could not read", async () => {
    const { as, user } = await setup(<ImportFlow coverBackfill={false} />);
    const csv = ["Book;Penned;Code", "Ember Psalter;Cael Vondrake;x", "Quiet Meridian;Liesl Amberfeld;y"].join("\r\n");
    await user.upload(fileInput(), csvFile(csv, "list.csv"));

    await screen.findByRole("heading", { name: "Check what will be imported" });
    expect(screen.getByRole("alert")).toHaveTextContent("could not find a title column");
    expect(screen.getByRole("button", { name: "Import" })).toBeDisabled();

    await user.selectOptions(screen.getByRole("combobox", { name: "Title" }), "Book");
    const table = await screen.findByRole("table", { name: /Rows of list\.csv/ });
    expect(screen.queryByRole("alert")).toBeNull();
    expect(within(rowOfLine(table, 2)).getByText("Ember Psalter")).toBeInTheDocument();
    expect(within(rowOfLine(table, 2)).getByText("Unknown author")).toBeInTheDocument();

    await user.selectOptions(screen.getByRole("combobox", { name: "Author" }), "Penned");
    await waitFor(() => expect(within(rowOfLine(table, 2)).getByText("Cael Vondrake")).toBeInTheDocument());

    await user.click(screen.getByRole("button", { name: "Import 2 books" }));
    await screen.findByRole("heading", { name: "Import finished" });
    const books = await libraryBooks(as);
    expect(books.find((b) => b.title === "Ember Psalter")?.author).toBe("Cael Vondrake");
  });

  it("retries a failed chunk, then stops with the error and resumes from that chunk on Try again", async () => {
    const { as, client, user } = await setup(<ImportFlow coverBackfill={false} commitRetryDelaysMs={[0, 0, 0]} />);
    const list = Array.from({ length: 300 }, (_, i) => `Volume ${i + 1} of the Archive by Petra Lindqvist`).join("\n");

    const realMutation = client.mutation.bind(client);
    const sentFirstLines: number[] = [];
    let failures = 0;
    vi.spyOn(client, "mutation").mockImplementation(((ref: never, args: { rows: { line: number }[] }, options: never) => {
      sentFirstLines.push(args.rows[0].line);
      if (args.rows[0].line === 251 && failures < 4) {
        failures++;
        return Promise.reject(new Error("network down"));
      }
      return realMutation(ref, args as never, options);
    }) as never);

    await user.upload(fileInput(), new File([list], "reading.txt", { type: "text/plain" }));
    await previewTable();
    expect(screen.getByText(/Showing 200 of 300 rows/)).toBeInTheDocument();
    expect(countOf("To import as new")).toBe("300");

    await user.click(screen.getByRole("button", { name: "Import 300 books" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(COMMIT_INTERRUPTED_MESSAGE);
    expect(screen.getByRole("heading", { name: "The import was interrupted" })).toHaveFocus();
    const bar = screen.getByRole("progressbar", { name: "Import progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "250");
    expect(bar).toHaveAttribute("aria-valuemax", "300");
    // One try and three retries of the second chunk.
    expect(sentFirstLines).toEqual([1, 251, 251, 251, 251]);

    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("heading", { name: "Import finished" });
    expect(sentFirstLines).toEqual([1, 251, 251, 251, 251, 251]);
    expect(countOf("Created")).toBe("300");
    expect(countOf("Failed")).toBe("0");
    await waitForConvex(client);
    expect(await libraryBooks(as)).toHaveLength(301);
  });
});

describe("ImportFlow: other exports and messy files", () => {
  it("reads a UTF-16 LibraryThing export and imports its books with their status and rating", async () => {
    const { t, user } = await setup(<ImportFlow coverBackfill={false} />);
    const bytes = readFileSync(path.resolve("tests/fixtures/import/librarything_export.tsv"));
    await user.upload(fileInput(), new File([bytes], "librarything_export.tsv", { type: "text/tab-separated-values" }));
    const table = await previewTable();
    expect(screen.getByText("LibraryThing export", { exact: false })).toBeInTheDocument();
    expect(within(rowOfLine(table, 2)).getByText("Jack Kerouac")).toBeInTheDocument();
    expect(within(rowOfLine(table, 2)).getByRole("img", { name: "Rated 4.5 out of 5" })).toBeInTheDocument();
    expect(within(rowOfLine(table, 8)).getByText("Did not finish")).toBeInTheDocument();
    expect(countOf("To import as new")).toBe("9");
    expect(countOf("Invalid")).toBe("1");

    await user.click(screen.getByRole("button", { name: "Import 9 books" }));
    await screen.findByRole("heading", { name: "Import finished" });
    // Read from the database directly: what a wall query returns is not this test's business.
    const books = await t.run((ctx) => ctx.db.query("books").collect());
    expect(books.find((b) => b.title === "On the Road")).toMatchObject({ author: "Jack Kerouac", rating: 4.5, status: "read" });
    expect(books.find((b) => b.title === "The Long Way to a Small, Angry Planet")?.status).toBe("did-not-finish");
  });

  it("says a CSV has no header row, keeps its first book, and re-reads it when told the first row is a header", async () => {
    const { user } = await setup(<ImportFlow coverBackfill={false} />);
    const csv = "Ember Psalter,Cael Vondrake,9780441013593\nQuiet Meridian,Liesl Amberfeld,\n";
    await user.upload(fileInput(), csvFile(csv, "list.csv"));
    const table = await previewTable();
    expect(screen.getByText(/has no header row/)).toBeInTheDocument();
    // The mapping screen does not contradict the notice, and there is no duplicate advice without duplicates.
    const columns = screen.getByRole("group", { name: "Columns" });
    expect(columns).toHaveTextContent("from the values in each column");
    expect(columns).not.toHaveTextContent("from the header row");
    expect(screen.queryByText("Duplicates are included.")).toBeNull();
    expect(within(rowOfLine(table, 1)).getByText("Ember Psalter")).toBeInTheDocument();
    expect(within(rowOfLine(table, 1)).getByText("Cael Vondrake")).toBeInTheDocument();
    const headerBox = screen.getByRole("checkbox", { name: /first row holds column names/ });
    expect(headerBox).not.toBeChecked();

    await user.click(headerBox);
    expect(await screen.findByRole("alert")).toHaveTextContent("could not find a title column");
    expect(screen.getByRole("checkbox", { name: /first row holds column names/ })).toBeChecked();
  });

  it("says in one sentence when almost nothing in a file looks like a book list, and nothing is previewed", async () => {
    const { user } = await setup(<ImportFlow coverBackfill={false} />);
    const noise = Array.from(
      { length: 40 },
      (_, i) => `${i.toString(16).padStart(4, "0")}:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b8#${i}`,
    );
    await user.upload(fileInput(), csvFile(noise.join("\n"), "notes.txt"));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Almost nothing in this file looks like a list of books (titles, authors or ISBNs), so Folio did not import it",
    );
    expect(screen.queryByRole("heading", { name: "Check what will be imported" })).toBeNull();
  });

  it("shows a second edition with another ISBN as a new book, and a true duplicate with its reason", async () => {
    const { user } = await setup(<ImportFlow coverBackfill={false} />);
    const list = [
      "Title,Author,ISBN",
      "Dune: House Atreides,Brian Herbert,9780553580303",
      "Dune: House Harkonnen,Brian Herbert,9780553580327",
      "Dune: House Atreides,Herbert Brian,9780553580303",
    ].join("\n");
    await user.upload(fileInput(), csvFile(list, "dune.csv"));
    const table = await previewTable();
    expect(within(rowOfLine(table, 3)).getByText("New")).toBeInTheDocument();
    expect(within(rowOfLine(table, 4)).getByText("Duplicate of line 2 (same ISBN)")).toBeInTheDocument();
  });

  it("accepts a Markdown list", async () => {
    const { user } = await setup(<ImportFlow coverBackfill={false} />);
    await user.upload(fileInput(), new File(["# To read\n\n- [Piranesi](https://example.test) by Susanna Clarke\n"], "list.md"));
    const table = await previewTable();
    expect(screen.getByText("Text list", { exact: false })).toBeInTheDocument();
    expect(within(rowOfLine(table, 3)).getByText("Piranesi")).toBeInTheDocument();
  });
});

describe("commitChunks", () => {
  const outcome = (n: number): ChunkOutcome<string> => ({ importId: "imp", created: n, merged: 0, skipped: 0, failed: [] });

  it("splits rows into chunks of at most 250", () => {
    expect(chunkRows(Array.from({ length: 501 }, (_, i) => i)).map((c) => c.length)).toEqual([250, 250, 1]);
    expect(chunkRows([])).toEqual([]);
    // Rows with long reviews: a chunk also ends at its byte budget (but always holds one row).
    const long = Array.from({ length: 250 }, (_, i) => ({ line: i + 1, review: "é".repeat(20_000) }));
    const chunks = chunkRows(long);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toHaveLength(250);
    for (const chunk of chunks)
      expect(new TextEncoder().encode(JSON.stringify(chunk)).length).toBeLessThanOrEqual(2 * 1024 * 1024 + 250);
    expect(chunkRows([{ review: "x".repeat(100) }], 250, 10)).toHaveLength(1);
  });

  it("retries a network failure with back-off and goes on", async () => {
    const sleeps: number[] = [];
    const commitChunk = vi
      .fn<(rows: number[]) => Promise<ChunkOutcome<string>>>()
      .mockRejectedValueOnce(new Error("offline"))
      .mockRejectedValueOnce(new Error("offline"))
      .mockImplementation(async (rows) => outcome(rows.length));
    const done: number[] = [];
    const result = await commitChunks({
      chunks: [[1, 2], [3]],
      commitChunk,
      onChunk: (i) => done.push(i),
      sleep: async (ms) => void sleeps.push(ms),
      retryDelaysMs: [10, 20, 40],
    });
    expect(result).toEqual({ ok: true });
    expect(sleeps).toEqual([10, 20]);
    expect(done).toEqual([0, 1]);
    expect(commitChunk).toHaveBeenCalledTimes(4);
  });

  it("does not retry a ConvexError (the server refused the chunk on purpose)", async () => {
    const error = new ConvexError({ code: "chunk_too_large", message: "Send at most 250 rows per chunk." });
    const commitChunk = vi.fn().mockRejectedValue(error);
    const result = await commitChunks({ chunks: [[1]], commitChunk, onChunk: () => {}, sleep: async () => {} });
    expect(result).toEqual({ ok: false, cancelled: false, failedChunk: 0, error });
    expect(commitChunk).toHaveBeenCalledTimes(1);
  });

  it("resumes from a given chunk and stops when cancelled", async () => {
    const commitChunk = vi.fn(async (rows: number[]) => outcome(rows.length));
    let stop = false;
    const result = await commitChunks({
      chunks: [[1], [2], [3], [4]],
      startAt: 1,
      commitChunk,
      onChunk: (i) => {
        if (i === 2) stop = true;
      },
      cancelled: () => stop,
    });
    expect(commitChunk.mock.calls.map(([rows]) => rows[0])).toEqual([2, 3]);
    expect(result).toEqual({ ok: false, cancelled: true, failedChunk: 3 });
  });
});
