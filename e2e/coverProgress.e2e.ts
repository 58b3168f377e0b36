// Cover progress a reader can trust, in the browser: the import summary and "Fetch missing covers"
// show "N of M", a bar and the time left (or "Estimating the time left…"), then the final counts.
// At 1280×800 and 390×844, with axe on each state.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { generateCatalogue, toGoodreadsCsv } from "../scripts/bench/catalogue";
import { DEFAULT_CONFIG } from "../scripts/bench/config";
import { expectAccessible } from "./support/axe";
import { journey, STATE_TIMEOUT_MS } from "./support/journey";
import { continueAsGuest, recordAppearance, seedLibrary, waitForLibrary } from "./support/reader";
import { RESULTS_DIR } from "./support/servers";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Rows of the generated export: enough for the run to last past the estimate's first 20 s offline. */
const IMPORT_BOOKS = 150;

/** A Goodreads export shaped like a real one (the cover benchmark's generated library: ISBNs, series suffixes). */
function generatedExport(): string {
  const library = generateCatalogue({ ...DEFAULT_CONFIG, seed: 3 }, IMPORT_BOOKS, "e2e-cover-progress").library;
  const file = path.join(RESULTS_DIR, "fixtures", `goodreads_library_export_${IMPORT_BOOKS}.csv`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, toGoodreadsCsv(library, 3));
  return file;
}

/** What the line under the bar may say while a run goes. */
const TIME_LEFT = /^(Estimating the time left…|About .+ left\.|Less than a minute left\.|Waiting for .+ until .+\.)$/;
const ESTIMATE = /^(About .+|Less than a minute) left\.$/;

/** "N of M books checked · F found", read off the page. */
async function countsOf(area: Locator, total: number): Promise<{ checked: number; found: number }> {
  const text = await area.getByText(new RegExp(`^[\\d,]+ of ${total} books checked · [\\d,]+ found$`)).innerText();
  const [, checked, found] = /^([\d,]+) of .* · ([\d,]+) found$/.exec(text)!;
  return { checked: Number(checked.replace(/,/g, "")), found: Number(found.replace(/,/g, "")) };
}

async function importFile(page: Page, file: string, rows: number): Promise<void> {
  await page.getByRole("button", { name: "More library actions" }).click();
  await page.getByRole("menuitem", { name: "Import library" }).click();
  await page.getByRole("heading", { name: "Import books", level: 1 }).waitFor();
  await page.getByLabel("Choose a file").setInputFiles(file);
  await page.getByRole("button", { name: `Import ${rows} books` }).click();
  await page.getByRole("heading", { name: "Import finished" }).waitFor();
}

journey("an import's summary: N of M, a bar, the time left or 'Estimating…', then the final counts", async (j) => {
  const { page } = j;
  await page.setViewportSize(DESKTOP);
  await continueAsGuest(page, j.webUrl);
  await importFile(page, generatedExport(), IMPORT_BOOKS);
  const sawEstimate = await recordAppearance(page, "coverEstimate", " left.");

  const covers = page.getByRole("region", { name: "Covers" });
  const bar = covers.getByRole("progressbar", { name: "Cover search progress" });
  await covers.getByText(new RegExp(`^[\\d,]+ of ${IMPORT_BOOKS} books checked · [\\d,]+ found$`)).waitFor();
  expect(await bar.getAttribute("aria-valuemax")).toBe(String(IMPORT_BOOKS));
  expect(await bar.getAttribute("aria-valuetext")).toMatch(new RegExp(`^[\\d,]+ of ${IMPORT_BOOKS} books checked$`));
  await covers.getByText(TIME_LEFT).waitFor();
  // One polite status line speaks for the run; the moving numbers are not read out at every change.
  expect(await covers.getByRole("status").count()).toBe(1);
  await j.screenshot("import-cover-progress-desktop");
  await expectAccessible(page, "import-cover-progress-desktop");

  // The estimate comes once the screen has seen enough (offline the run lasts minutes); a run that
  // ended first is fine too.
  const finished = covers.getByText(/^Covers: [\d,]+ found, [\d,]+ not found\. Finished\.$/);
  await covers.getByText(ESTIMATE).or(finished).first().waitFor();
  if (await covers.getByText(ESTIMATE).isVisible()) {
    const { checked } = await countsOf(covers, IMPORT_BOOKS);
    expect(checked).toBeLessThan(IMPORT_BOOKS);
    await j.screenshot("import-cover-progress-estimate-desktop");
    await page.setViewportSize(PHONE);
    // On a phone the Covers section is below the import's counts: show it, as a reader scrolls to it.
    await covers.scrollIntoViewIfNeeded();
    await j.screenshot("import-cover-progress-phone");
    await expectAccessible(page, "import-cover-progress-phone");
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  } else {
    await page.setViewportSize(PHONE);
  }

  await finished.waitFor();
  expect(await bar.getAttribute("aria-valuenow")).toBe(String(IMPORT_BOOKS));
  expect(await covers.getByText(TIME_LEFT).count()).toBe(0);
  await covers.scrollIntoViewIfNeeded();
  await j.screenshot("import-cover-progress-finished-phone");
  await expectAccessible(page, "import-cover-progress-finished-phone");
  await page.setViewportSize(DESKTOP);
  await j.screenshot("import-cover-progress-finished-desktop");
  console.info(`[cover progress] the import summary showed an estimate: ${await sawEstimate()}`);
});

journey("Fetch missing covers: N of M (the books without a cover), a bar and the time left, then the result", async (j) => {
  const { page } = j;
  const BOOKS = 80;
  const MISSING = 60;
  await page.setViewportSize(DESKTOP);
  await continueAsGuest(page, j.webUrl);
  await seedLibrary(page, j.backendUrl, BOOKS, MISSING);
  await page.reload();
  await waitForLibrary(page);
  await page.getByText(`${BOOKS} books`, { exact: true }).waitFor();
  // The kept count of books without a cover: the newest MISSING, never looked up, and older ones the
  // catalogue had no cover for (in back-off, so this run leaves them alone).
  const noCoverYet = page.getByRole("radio", { name: /^No cover yet \d+$/ });
  await noCoverYet.waitFor({ state: "attached" });
  const chip = await noCoverYet.evaluate((radio) => radio.closest("label")?.textContent ?? "");
  const withoutCover = Number(/([\d,]+)\s*$/.exec(chip)![1].replace(/,/g, ""));
  expect(withoutCover).toBeGreaterThanOrEqual(MISSING);

  await page.getByRole("button", { name: "More library actions" }).click();
  await page.getByRole("menuitem", { name: "Fetch missing covers" }).click();
  const toast = page
    .getByRole("region", { name: /Notifications/ })
    .locator("li")
    .filter({ hasText: "Fetching missing covers…" });
  const bar = toast.getByRole("progressbar", { name: "Fetch missing covers progress" });
  await bar.waitFor();
  // M is the library's books without a cover when the run started.
  expect(await bar.getAttribute("aria-valuemax")).toBe(String(withoutCover));
  await toast.getByText(new RegExp(`^[\\d,]+ of ${withoutCover} books checked · [\\d,]+ found$`)).waitFor();
  await toast.getByText(TIME_LEFT).waitFor();
  await j.screenshot("fetch-missing-covers-progress-desktop");
  await expectAccessible(page, "fetch-missing-covers-progress-desktop");

  // After the first batch: some of M checked, the bar moved.
  await expect
    .poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: STATE_TIMEOUT_MS })
    .toBeGreaterThan(0);
  const { checked } = await countsOf(toast, withoutCover);
  expect(checked).toBeGreaterThan(0);
  await page.setViewportSize(PHONE);
  const result = page.getByText(/^Found [\d,]+ covers? for [\d,]+ books?/);
  if (await toast.isVisible()) {
    await j.screenshot("fetch-missing-covers-progress-phone");
    await expectAccessible(page, "fetch-missing-covers-progress-phone");
  }

  await result.waitFor();
  // Every book due for a look was checked: the never-looked-up ones.
  expect(await result.innerText()).toMatch(new RegExp(`for ${MISSING} books`));
  await j.screenshot("fetch-missing-covers-finished-phone");
  await expectAccessible(page, "fetch-missing-covers-finished-phone");
});
