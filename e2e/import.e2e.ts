// Importing a Goodreads export: preview, commit, live progress, finished, and the wall has every book.
import path from "node:path";
import Papa from "papaparse";
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { expectAccessible } from "./support/axe";
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
  await expectAccessible(page, "import-upload");

  await page.getByLabel("Choose a file").setInputFiles(EXPORT);
  const importButton = page.getByRole("button", { name: `Import ${TITLES.length} books` });
  await importButton.waitFor();
  await j.screenshot("import-preview");
  await expectAccessible(page, "import-preview");
  // The primary action is in view without scrolling past the table (the sticky action bar).
  const box = await importButton.boundingBox();
  expect(box && box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height);

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
  await expectAccessible(page, "import-summary");
  const notFound = Number(/(\d+) not found/.exec(await page.getByText(/Covers: \d+ found/).innerText())?.[1] ?? 0);

  if (notFound > 0) {
    // The summary leads to the books without a cover: the wall's "No cover yet" filter.
    await page.getByRole("link", { name: /with no cover yet$/ }).click();
    await waitForLibrary(page);
    expect(await page.getByRole("radio", { name: /^No cover yet/ }).isChecked()).toBe(true);
    await page.getByText(`${notFound} of ${TITLES.length} books`).waitFor();
    await j.screenshot("wall-no-cover-yet-after-import");
    await expectAccessible(page, "wall-no-cover-yet-after-import");
    await page.getByText("All", { exact: true }).click();
  } else {
    await page.getByRole("link", { name: "Back to your library" }).click();
    await waitForLibrary(page);
  }
  await page.getByText(`${TITLES.length} books`, { exact: true }).waitFor();
  for (const title of TITLES) await coverOf(page, title).waitFor();
  await j.screenshot("wall-after-import");
});
