/** Test helpers for the import parsers (not a test file itself). */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { GOODREADS_COLUMNS } from "@/lib/import";

export function readFixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url), "utf8");
}

export type GoodreadsColumn = (typeof GOODREADS_COLUMNS)[number];
export type GoodreadsCells = Partial<Record<GoodreadsColumn, string>>;

/** A Goodreads export with the real header, written by papaparse (quotes only where needed). */
export function goodreadsCsv(rows: GoodreadsCells[], columns: readonly GoodreadsColumn[] = GOODREADS_COLUMNS): string {
  return Papa.unparse({ fields: [...columns], data: rows.map((r) => columns.map((c) => r[c] ?? "")) }, { newline: "\n" }) + "\n";
}

/** Goodreads writes ISBNs as `="…"`. */
export const gr = (isbn: string) => `="${isbn}"`;

/** A fixture's raw bytes (for files that are not UTF-8, e.g. LibraryThing's UTF-16 export). */
export function readFixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url)));
}
