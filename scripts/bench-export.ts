/**
 * Export time for a 20,000-book library: `npm run bench:export [-- books]`.
 *
 * Fills one reader's library with realistic books under convex-test (every import field, one in
 * five with a review of 2,000 characters and notes, reads), with every Convex transaction limit
 * cut to a third (a page that needs more fails the run), then runs both exports exactly as the
 * browser does: `runExport` following `libraryExport.page` 100 books at a time, each chunk written
 * to a sink. Prints a table and writes bench-results/export.json. convex-test answers an index
 * range by scanning the table, so a page costs more here than on a deployment: an upper bound.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { convexTest } from "convex-test";
import { api } from "../convex/_generated/api";
import schema from "../convex/schema";
import { runExport, type ExportFormat } from "../lib/export/runExport";
import { listingKeysFor } from "../lib/books/listingKeys";
import Papa from "papaparse";
import { utf8ByteLength } from "../lib/import/limits";
import { largeLibraryBook } from "../tests/support/largeLibrary";
import { convexTestModules } from "./convexTestModules";

const BOOKS = Math.max(1, Number(process.argv[2] ?? 20_000) || 20_000);
const PAGE = 100;

async function main(): Promise<void> {
  const third = {
    bytesRead: Math.floor((16 * 2 ** 20) / 3),
    bytesWritten: Math.floor((16 * 2 ** 20) / 3),
    documentsRead: Math.floor(32_000 / 3),
    databaseQueries: Math.floor(4_096 / 3),
    documentsWritten: Math.floor(16_000 / 3),
  };
  const t = convexTest({ schema, modules: convexTestModules(), transactionLimits: third });
  const userId = await t.run((ctx) => ctx.db.insert("users", { name: "Bench" }));
  const sessionId = await t.run((ctx) => ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 }));
  const as = t.withIdentity({ subject: `${userId}|${sessionId}` });

  const review = "A long review with a line break.\n".repeat(60);
  for (let from = 0; from < BOOKS; from += 1_000) {
    await t.run(async (ctx) => {
      for (let n = from; n < Math.min(BOOKS, from + 1_000); n++) {
        const book = {
          ...largeLibraryBook(userId, n),
          ...(n % 5 === 0
            ? {
                review,
                privateNotes: "Lent to a friend.",
                reads: [{ started: "2022-01-01", finished: "2022-02-01" }],
                readCount: 1,
                owned: true,
              }
            : {}),
        };
        await ctx.db.insert("books", { ...book, ...listingKeysFor(book) });
      }
    });
  }

  const results = [];
  for (const format of ["goodreads-csv", "folio-json"] as ExportFormat[]) {
    let bytes = 0;
    let pages = 0;
    const pageMs: number[] = [];
    const chunks: string[] = [];
    const started = performance.now();
    const result = await runExport({
      format,
      fetchPage: async (cursor) => {
        const t0 = performance.now();
        const page = await as.query(api.libraryExport.page, { paginationOpts: { numItems: PAGE, cursor } });
        pageMs.push(performance.now() - t0);
        pages++;
        return page;
      },
      write: (chunk) => {
        bytes += utf8ByteLength(chunk);
        chunks.push(chunk);
      },
    });
    const wallMs = performance.now() - started;
    // The file holds every book (a 20,000-book file is past the import's 5 MB / 10,000-row limits,
    // so it is counted with a plain CSV/JSON reader here; the round-trip tests read smaller ones back).
    const text = chunks.join("");
    const readBack =
      format === "goodreads-csv"
        ? Papa.parse<string[]>(text, { skipEmptyLines: true }).data.length - 1
        : (JSON.parse(text) as { books: unknown[] }).books.length;
    const sorted = [...pageMs].sort((a, b) => a - b);
    results.push({
      format,
      books: result.books,
      pages,
      megabytes: Math.round((bytes / 2 ** 20) * 100) / 100,
      wallMs: Math.round(wallMs),
      booksPerSecond: Math.round(result.books / (wallMs / 1000)),
      pageMs: { p50: Math.round(sorted[Math.floor(sorted.length / 2)]), max: Math.round(sorted[sorted.length - 1]) },
      readBack,
    });
  }

  console.log(
    `Export of ${BOOKS.toLocaleString("en-US")} books, ${PAGE} per page, convex-test with limits at a third, node ${process.version}\n`,
  );
  const headers = ["format", "books", "pages", "MB", "wall ms", "books/s", "page p50 ms", "page max ms", "read back"];
  const rows = results.map((r) => [
    r.format,
    r.books,
    r.pages,
    r.megabytes.toFixed(2),
    r.wallMs,
    r.booksPerSecond,
    r.pageMs.p50,
    r.pageMs.max,
    r.readBack,
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ");
  console.log([line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));

  const out = path.resolve(import.meta.dirname, "../bench-results/export.json");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ node: process.version, books: BOOKS, pageSize: PAGE, results }, null, 2) + "\n");
  console.log(`\nWrote ${path.relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
