// Importing a Goodreads export: preview, commit, live progress, finished, and the wall has every book.
import path from "node:path";
import Papa from "papaparse";
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { journey } from "./support/journey";
import { continueAsGuest, coverOf, recordAppearance, waitForLibrary } from "./support/reader";

const EXPORT = path.join(import.meta.dirname, "fixtures/goodreads_library_export_12.csv");
const TITLES = Papa.parse<{ Title: string }>(readFileSync(EXPORT, "utf8"), { header: true, skipEmptyLines: true }).data.map(
  (row) => row.Title,
);

journey("a Goodreads export: preview, commit, live progress, finished, and the wall has every book", async (j) => {
  const { page } = j;
  await continueAsGuest(page, j.webUrl);
  await page.getByRole("button", { name: "More library actions" }).click();
  await page.getByRole("menuitem", { name: "Import library" }).click();
  await page.getByRole("heading", { name: "Import books", level: 1 }).waitFor();

  await page.getByLabel("Choose a file").setInputFiles(EXPORT);
  const importButton = page.getByRole("button", { name: `Import ${TITLES.length} books` });
  await importButton.waitFor();
  await j.screenshot("import-preview");

  const sawProgress = await recordAppearance(page, "importProgress", "rows saved");
  await importButton.click();
  await page.getByRole("heading", { name: "Import finished" }).waitFor();
  expect(await sawProgress()).toBe(true);
  await page.getByText(/Covers: \d+ found, \d+ not found/).waitFor();
  // Every imported book was checked: the bar is full.
  const bar = page.getByRole("progressbar", { name: "Cover search progress" });
  expect(await bar.getAttribute("aria-valuenow")).toBe(String(TITLES.length));
  expect(await bar.getAttribute("aria-valuemax")).toBe(String(TITLES.length));
  await j.screenshot("import-summary");

  await page.getByRole("link", { name: "Back to your library" }).click();
  await waitForLibrary(page);
  await page.getByText(`${TITLES.length} books`, { exact: true }).waitFor();
  for (const title of TITLES) await coverOf(page, title).waitFor();
  await j.screenshot("wall-after-import");
});
