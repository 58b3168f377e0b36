// What a reader wrote, on the book page: a real-shape Goodreads export with a review (HTML with
// <br/>) and private notes is imported, the book's page shows them, and the reader edits the review,
// the notes and the reads; an unsaved edit asks before leaving; a 20,000-character review wraps on a
// phone. axe at 1280×800 and 390×844.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { expectAccessible } from "./support/axe";
import { journey } from "./support/journey";
import { continueAsGuest, waitForLibrary } from "./support/reader";
import { RESULTS_DIR } from "./support/servers";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
// The older 31-column Goodreads header, with My Review, Spoiler, Private Notes, Read Count, Owned Copies.
const EXPORT = path.join(import.meta.dirname, "../tests/fixtures/import/goodreads_reviews.csv");
const TITLE = "The Martian";

async function importReviews(page: Page, webUrl: string): Promise<void> {
  await page.goto(`${webUrl}/import`);
  await page.getByRole("heading", { name: "Import books", level: 1 }).waitFor();
  await page.getByLabel("Choose a file").setInputFiles(EXPORT);
  await page.getByRole("button", { name: "Import 3 books" }).click();
  await page.getByRole("heading", { name: "Import finished" }).waitFor();
}

async function openBook(page: Page, webUrl: string): Promise<void> {
  await page.goto(`${webUrl}/library`);
  await waitForLibrary(page);
  await page.getByRole("link", { name: new RegExp(`^Cover of ${TITLE}`) }).click();
  await page.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
}

/** The whole page, top to bottom (the sections looked at are below the fold), into e2e-results/screens/. */
async function wholePage(page: Page, name: string): Promise<void> {
  const dir = path.join(RESULTS_DIR, "screens");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true, animations: "disabled" });
}

/** One section of the page as it looks (an element screenshot), into e2e-results/screens/. */
async function sectionShot(section: Locator, name: string): Promise<void> {
  const dir = path.join(RESULTS_DIR, "screens");
  mkdirSync(dir, { recursive: true });
  await section.screenshot({ path: path.join(dir, `${name}.png`), animations: "disabled" });
}

/** True when the page scrolls sideways (something wider than the viewport). */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

journey("a Goodreads review and private notes: imported, shown as text, edited, and kept from leaving unsaved", async (j) => {
  const { page } = j;
  await page.setViewportSize(DESKTOP);
  await continueAsGuest(page, j.webUrl);
  await importReviews(page, j.webUrl);
  await openBook(page, j.webUrl);

  // Shown as the reader wrote it: Goodreads' <br/> became line breaks, entities their characters.
  const review = page.getByRole("region", { name: "Your review" });
  const text = review.getByText(/^The good:/);
  expect(await text.innerText()).toBe(
    'The good:\n - the voice\n - the potatoes\n\nThe bad:\n - the ending felt rushed & a bit "neat"',
  );
  await review.getByText("Contains spoilers").waitFor();
  const notes = page.getByRole("region", { name: "Private notes" });
  await notes.getByText("Private: only you can see these notes.").waitFor();
  await notes.getByText("Reread before the film.").waitFor();
  const reads = page.getByRole("region", { name: "Reads" });
  expect(await reads.getByRole("group", { name: "Read 1" }).getByLabel("Finished", { exact: true }).inputValue()).toBe(
    "2015-03-02",
  );
  expect(await reads.getByLabel(/Read count/).inputValue()).toBe("2");
  expect(await page.getByLabel("I own a copy").isChecked()).toBe(true);
  await wholePage(page, "book-page-written-desktop");
  await expectAccessible(page, "book-page-written-desktop");

  // The review: a plain textarea; what looks like HTML stays text.
  await review.getByRole("button", { name: "Edit review" }).click();
  const box = review.getByLabel("Review", { exact: true });
  await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
  await box.fill("Better the second time.\n<b>Still</b> the potatoes.");
  await review.getByLabel("Contains spoilers").uncheck();
  await sectionShot(review, "book-page-review-editing-desktop");
  await expectAccessible(page, "book-page-review-editing-desktop");
  await review.getByRole("button", { name: "Save" }).click();
  await review.getByRole("status").getByText("Review saved.").waitFor();
  expect(await review.getByText(/^Better the second time\./).innerText()).toBe(
    "Better the second time.\n<b>Still</b> the potatoes.",
  );
  expect(await review.locator("b").count()).toBe(0);
  expect(await review.getByText("Contains spoilers").count()).toBe(0);

  // The notes.
  await notes.getByRole("button", { name: "Edit notes" }).click();
  await notes.getByLabel("Private notes", { exact: true }).fill("Reread before the film.\nLent to Sam.");
  await notes.getByRole("button", { name: "Save" }).click();
  await notes.getByRole("status").getByText("Private notes saved.").waitFor();

  // A read added from the keyboard, then saved: the date read follows the latest end.
  await reads.getByRole("button", { name: "Add a read" }).focus();
  await page.keyboard.press("Enter");
  const second = reads.getByRole("group", { name: "Read 2" });
  await expect
    .poll(() => second.getByLabel("Started", { exact: true }).evaluate((el) => el === document.activeElement))
    .toBe(true);
  await second.getByLabel("Started", { exact: true }).fill("2024-01-03");
  await second.getByLabel("Finished", { exact: true }).fill("2024-01-20");
  await reads.getByRole("button", { name: "Save" }).click();
  await reads.getByRole("status").getByText("Reads saved.").waitFor();
  await expect.poll(() => page.getByLabel("Date read").inputValue()).toBe("2024-01-20");

  // An unsaved edit is not lost silently.
  await notes.getByRole("button", { name: "Edit notes" }).click();
  await notes.getByLabel("Private notes", { exact: true }).fill("Half a thought");
  await page.getByRole("link", { name: "Library", exact: true }).first().click();
  const dialog = page.getByRole("alertdialog", { name: "Leave without saving?" });
  await dialog.waitFor();
  await j.screenshot("book-page-leave-without-saving");
  await expectAccessible(page, "book-page-leave-without-saving-dialog");
  await dialog.getByRole("button", { name: "Keep editing" }).click();
  await dialog.waitFor({ state: "hidden" });
  expect(await notes.getByLabel("Private notes", { exact: true }).inputValue()).toBe("Half a thought");

  // All of it is kept.
  await notes.getByRole("button", { name: "Discard changes" }).click();
  await page.reload();
  await page.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
  expect(
    await page
      .getByRole("region", { name: "Private notes" })
      .getByText(/^Reread/)
      .innerText(),
  ).toBe("Reread before the film.\nLent to Sam.");
  expect(
    await page
      .getByRole("region", { name: "Reads" })
      .getByRole("group", { name: "Read 2" })
      .getByLabel("Started", { exact: true })
      .inputValue(),
  ).toBe("2024-01-03");
});

journey(
  "at phone size (390×844): the book page with what the reader wrote, and a 20,000-character review that wraps",
  async (j) => {
    const { page } = j;
    await page.setViewportSize(PHONE);
    await continueAsGuest(page, j.webUrl);
    await importReviews(page, j.webUrl);
    await openBook(page, j.webUrl);
    const review = page.getByRole("region", { name: "Your review" });
    await review.getByText(/^The good:/).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await wholePage(page, "phone-book-page-written");
    for (const name of ["Your review", "Private notes", "Reads"]) {
      await sectionShot(page.getByRole("region", { name }), `phone-section-${name.replace(/ /g, "-").toLowerCase()}`);
    }
    await expectAccessible(page, "phone-book-page-written");

    // A long review: words, long lines, and one address-like run with no space in it.
    const paragraph = Array(12).fill("It is a long review, written over several evenings, of a book that deserved it.").join(" ");
    const unbroken = `https://example.org/${"a-very-long-path-segment".repeat(16)}`;
    // As stored: no space at the end of a line or of the text.
    const long = [unbroken, ...Array(25).fill(paragraph)].join("\n\n").slice(0, 20_000).trimEnd();
    await review.getByRole("button", { name: "Edit review" }).click();
    await review.getByLabel("Review", { exact: true }).fill(long);
    expect(await scrollsSideways(page)).toBe(false);
    await sectionShot(review, "phone-book-page-long-review-editing");
    await review.getByRole("button", { name: "Save" }).click();
    await review.getByRole("status").getByText("Review saved.").waitFor();
    await review.getByRole("button", { name: "Show the whole review" }).click();
    expect(await review.getByText(/^https:\/\/example\.org/).evaluate((el) => el.textContent?.length)).toBe(long.length);
    expect(await scrollsSideways(page)).toBe(false);
    // The top of the whole review in view: the unbroken address wraps inside the card.
    await review.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await j.screenshot("phone-book-page-long-review");
    await expectAccessible(page, "phone-book-page-long-review");
  },
);
