/**
 * A library goes out and comes back: for every format's fixture, import it, export it (both
 * exports, page by page through `libraryExport.page`), and import the export into an empty library.
 * - Full JSON: the same books, every field the reader has equal, covers included: the reader's own
 *   chosen cover, the found cover and its source, the rejected covers; a cover the reader uploaded
 *   cannot travel in a file (it is said so in the JSON), so that book arrives without a cover, ready
 *   for the cover engine.
 * - Goodreads CSV: the same books with every field Goodreads' format carries (one author, the last
 *   read's date, no moods), and cells that start like a formula escaped for spreadsheets, then
 *   read back exactly.
 */
import { Blob as NodeBlob } from "node:buffer";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import { runExport, type ExportFormat } from "../../lib/export/runExport";
import { decodeImportBytes, parseImportFile, type ImportRow } from "../../lib/import";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../support/users";

const FIXTURES = [
  "goodreads_library_export.csv",
  "goodreads_reviews.csv",
  "storygraph_export.csv",
  "librarything_export.tsv",
  "librarything_export.csv",
  "librarything_export.json",
  "librarything_rated_media.csv",
  "calibre_catalog.csv",
  "bookwyrm_export.csv",
  "libib_export.csv",
  "hardcover_export.csv",
  "csv_headerless.csv",
  "csv_padded_cells.csv",
  "reading_list.md",
  "reading_list.txt",
  "reading_list_sections.txt",
];

function fixtureText(name: string): string {
  return decodeImportBytes(readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url)));
}

let imports = 0;
async function commitAll(as: SignedIn, fileName: string, text: string) {
  const parsed = parseImportFile(fileName, text);
  const clientImportId = `round-trip-${++imports}`;
  for (let i = 0; i < parsed.rows.length; i += 250) {
    const result = await as.mutation(api.imports.commit, {
      clientImportId,
      format: parsed.format,
      rows: parsed.rows.slice(i, i + 250),
      startCoverBackfill: false,
    });
    expect(result.failed).toEqual([]);
  }
  return parsed;
}

async function exportText(as: SignedIn, format: ExportFormat): Promise<string> {
  const chunks: string[] = [];
  const result = await runExport({
    format,
    // Small pages, so every fixture spans several.
    fetchPage: (cursor) => as.query(api.libraryExport.page, { paginationOpts: { numItems: 3, cursor } }),
    write: (chunk) => {
      chunks.push(chunk);
    },
    now: new Date(Date.UTC(2026, 11, 7)),
  });
  expect(result.ok).toBe(true);
  return chunks.join("");
}

async function booksOf(t: TestConvex, userId: Id<"users">): Promise<Doc<"books">[]> {
  const books = await t.run((ctx) =>
    ctx.db
      .query("books")
      .withIndex("by_user", (q) => q.eq("userId", userId))
      .collect(),
  );
  return books.sort((a, b) => a._creationTime - b._creationTime);
}

const OL = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;
const GOOGLE = (volume: string) =>
  `https://books.google.com/books/content?id=${volume}&printsec=frontcover&img=1&zoom=1&source=gbs_api`;

/**
 * Gives the first library's books every kind of cover, in turn: the reader's own chosen cover (with
 * a rejection), a found Google cover, an uploaded cover, a found Open Library cover with rejections
 * of both sources, and none. Returns the ids of the books with an upload.
 */
async function giveCovers(t: TestConvex, books: Doc<"books">[]): Promise<Set<Id<"books">>> {
  const uploaded = new Set<Id<"books">>();
  for (const [i, book] of books.entries()) {
    const kind = i % 5;
    if (kind === 4) continue;
    await t.run(async (ctx) => {
      if (kind === 0) await ctx.db.patch("books", book._id, { coverUrl: OL(1000 + i), rejectedCovers: [`ol:${2000 + i}`] });
      if (kind === 1)
        await ctx.db.patch("books", book._id, { apiCoverUrl: GOOGLE(`Vol${i}AAAAJ`), apiSource: "google-books" as const });
      if (kind === 2) {
        const blob = new NodeBlob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, i])], { type: "image/jpeg" }) as unknown as Blob;
        const storageId = await ctx.storage.store(blob);
        await ctx.db.patch("books", book._id, { coverUrl: (await ctx.storage.getUrl(storageId))!, coverStorageId: storageId });
        uploaded.add(book._id);
      }
      if (kind === 3) {
        await ctx.db.patch("books", book._id, {
          apiCoverUrl: OL(3000 + i),
          apiSource: "open-library" as const,
          rejectedCovers: [`gb:Rej${i}AAAAJ`, `ol:${4000 + i}`],
        });
      }
    });
  }
  return uploaded;
}

/** The cover fields a book has. */
const COVER_FIELDS = ["coverUrl", "coverStorageId", "apiCoverUrl", "apiSource", "rejectedCovers"] as const;

/** Every field the reader has: all but ids, timestamps, cover state and the keys derived from these fields. */
const READER_VISIBLE = [
  "title",
  "author",
  "isbn",
  "status",
  "rating",
  "dateRead",
  "dateAdded",
  "goodreadsId",
  "shelves",
  "publisher",
  "pages",
  "yearPublished",
  "review",
  "reviewSpoiler",
  "privateNotes",
  "reads",
  "readCount",
  "owned",
  "moods",
  "dedupKey",
] as const;

function fields(book: Doc<"books">, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = (book as Record<string, unknown>)[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

describe.each(FIXTURES)("%s", (fixture) => {
  test("full JSON export -> import into an empty library: the same books, every field equal, covers included", async () => {
    const t = newBackend();
    const first = await createUser(t, "First");
    const second = await createUser(t, "Second");
    const parsed = await commitAll(first.as, fixture, fixtureText(fixture));
    const uploaded = await giveCovers(t, await booksOf(t, first.userId));
    const json = await exportText(first.as, "folio-json");
    if (uploaded.size > 0) expect(json).toContain('"ownUpload":true');

    const again = await commitAll(second.as, "folio-library.json", json);
    expect(again.format).toBe("folio");
    expect(again.warnings).toEqual([]);
    expect(again.notices.some((n) => n.includes("uploaded"))).toBe(uploaded.size > 0);
    const before = await booksOf(t, first.userId);
    const after = await booksOf(t, second.userId);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThanOrEqual(parsed.rows.length);
    expect(after.map((b) => fields(b, READER_VISIBLE))).toEqual(before.map((b) => fields(b, READER_VISIBLE)));
    // Covers: every one comes back but an upload, whose book arrives without a cover for the engine to find one.
    const expected = before.map((b) => {
      const covers = fields(b, COVER_FIELDS);
      if (uploaded.has(b._id)) return { ...covers, coverUrl: undefined, coverStorageId: undefined };
      return covers;
    });
    expect(after.map((b) => fields(b, COVER_FIELDS))).toEqual(expected.map((c) => JSON.parse(JSON.stringify(c))));
    const counts = await second.as.query(api.library.counts, {});
    expect(counts.withoutCover).toBe(after.filter((b) => !b.coverUrl && !b.apiCoverUrl).length);
  });

  test("Goodreads CSV export -> import: the same books with every field Goodreads' format carries", async () => {
    const t = newBackend();
    const first = await createUser(t, "First");
    const second = await createUser(t, "Second");
    await commitAll(first.as, fixture, fixtureText(fixture));
    const csv = await exportText(first.as, "goodreads-csv");

    const again = await commitAll(second.as, "goodreads_library_export.csv", csv);
    expect(again.format).toBe("goodreads");
    const before = await booksOf(t, first.userId);
    const after = await booksOf(t, second.userId);
    expect(after).toHaveLength(before.length);
    const carried = (book: Doc<"books">): Record<string, unknown> => {
      const out = fields(book, [
        "title",
        "isbn",
        "status",
        "rating",
        "dateRead",
        "goodreadsId",
        "shelves",
        "publisher",
        "pages",
        "yearPublished",
        "review",
        "reviewSpoiler",
        "privateNotes",
        "readCount",
        "owned",
      ]);
      // Goodreads' Author column holds one person; Date Added is always written; a read is its end date.
      out.author = book.author.split(" & ")[0];
      out.dateAdded = book.dateAdded ?? new Date(book.createdAt).toISOString().slice(0, 10);
      if (book.dateRead) out.reads = [{ finished: book.dateRead }];
      return out;
    };
    expect(after.map(carried)).toEqual(before.map(carried));
  });
});

describe("the Goodreads CSV is safe to open in a spreadsheet and reads back exactly", () => {
  test("cells starting with =, +, -, @, tab or CR get a leading ' and the import takes it off", async () => {
    const t = newBackend();
    const first = await createUser(t, "First");
    const second = await createUser(t, "Second");
    const risky: ImportRow[] = [
      { line: 1, title: '=HYPERLINK("http://evil.example","Click")', author: "+Plus Author", status: "read" },
      { line: 2, title: "-40 Degrees", author: "@handle", status: "read", review: "- a list\n- of points", privateNotes: "=1+1" },
      { line: 3, title: "'Salem's Lot", author: "Stephen King", status: "read", yearPublished: -750 },
    ];
    await first.as.mutation(api.imports.commit, {
      clientImportId: "risky",
      format: "txt",
      rows: risky,
      startCoverBackfill: false,
    });
    const csv = await exportText(first.as, "goodreads-csv");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(csv).toContain("'+Plus Author");
    expect(csv).toContain("'-40 Degrees");
    expect(csv).toContain("'@handle");
    expect(csv).toContain("'=1+1");
    expect(csv).toContain(",'-750,");
    // No data cell of the file starts like a formula, except Goodreads' own ="…" ISBN cells.
    const cells = csv
      .split("\n")
      .slice(1)
      .join("\n")
      .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    for (const cell of cells) {
      const inner = cell.replace(/^"|"$/g, "");
      if (/^=""?\d*"?"?$/.test(inner)) continue;
      expect(inner, cell).not.toMatch(/^[=+\-@\t\r]/);
    }

    await commitAll(second.as, "goodreads_library_export.csv", csv);
    const back = await booksOf(t, second.userId);
    expect(back.map((b) => [b.title, b.author, b.review, b.privateNotes, b.yearPublished])).toEqual([
      ['=HYPERLINK("http://evil.example","Click")', "+Plus Author", undefined, undefined, undefined],
      ["-40 Degrees", "@handle", "- a list\n- of points", "=1+1", undefined],
      ["'Salem's Lot", "Stephen King", undefined, undefined, -750],
    ]);
  });
});
