// The reader's say over found covers: "Not this cover" and "Choose a cover" on the book page.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { expectAccessible } from "./support/axe";
import { journey, STATE_TIMEOUT_MS } from "./support/journey";
import {
  addBook,
  booksByCover,
  continueAsGuest,
  coverOf,
  loadedCoverImage,
  placeholderOf,
  waitForLibrary,
} from "./support/reader";

const CANDIDATES = [
  { title: "The Dispossessed", author: "Ursula K. Le Guin" },
  { title: "Klara and the Sun", author: "Kazuo Ishiguro" },
  { title: "Piranesi", author: "Susanna Clarke" },
  { title: "The Left Hand of Darkness", author: "Ursula K. Le Guin" },
  { title: "Beloved", author: "Toni Morrison" },
  { title: "Pachinko", author: "Min Jin Lee" },
  { title: "The Road", author: "Cormac McCarthy" },
  { title: "Possession", author: "A. S. Byatt" },
];
const { withCover } = booksByCover(CANDIDATES);

/** Back to the wall, "Fetch missing covers" from the overflow menu to its end, then a reload. */
async function fetchMissingCoversThenReload(page: Page): Promise<void> {
  await page.getByRole("link", { name: "Library", exact: true }).first().click();
  await waitForLibrary(page);
  await page.getByRole("button", { name: "More library actions" }).click();
  await page.getByRole("menuitem", { name: "Fetch missing covers" }).click();
  await page
    .getByText(/Finished fetching covers|No books are waiting for a cover right now/)
    .first()
    .waitFor();
  await page.reload();
  await waitForLibrary(page);
}

journey("Not this cover: the found cover goes for good, and another one or the placeholder takes its place", async (j) => {
  const book = withCover[0];
  await continueAsGuest(j.page, j.webUrl);
  await addBook(j.page, book);
  const rejected = await loadedCoverImage(j.page, book.title);

  await j.page.getByRole("link", { name: new RegExp(`^Cover of ${book.title}`) }).click();
  await j.page.getByRole("heading", { name: book.title, level: 1 }).waitFor();
  await j.page.getByRole("button", { name: "Not this cover" }).click();
  const outcome = j.page.getByText(/^(Found another cover\.|No other cover matches this book)/);
  await outcome.waitFor({ timeout: STATE_TIMEOUT_MS });
  await j.screenshot("book-page-after-not-this-cover");
  await expectAccessible(j.page, "book-page-after-not-this-cover");

  const image = j.page.locator("img").and(coverOf(j.page, book.title));
  if ((await outcome.innerText()).startsWith("Found another cover")) {
    expect(await loadedCoverImage(j.page, book.title)).not.toBe(rejected);
  } else {
    await placeholderOf(j.page, book.title).waitFor();
    expect(await image.count()).toBe(0);
  }

  // A bulk run afterwards never brings it back, and neither does a reload.
  await fetchMissingCoversThenReload(j.page);
  await coverOf(j.page, book.title).waitFor();
  const srcs = await j.page
    .locator("img")
    .and(coverOf(j.page, book.title))
    .evaluateAll((imgs) => imgs.map((i) => i.getAttribute("src")));
  expect(srcs).not.toContain(rejected);
});

journey(
  "Choose a cover with the keyboard: the chosen candidate becomes the reader's own and stays after Fetch missing covers",
  async (j) => {
    const book = withCover[1];
    await continueAsGuest(j.page, j.webUrl);
    await addBook(j.page, book);
    await loadedCoverImage(j.page, book.title);
    await j.page.getByRole("link", { name: new RegExp(`^Cover of ${book.title}`) }).click();
    await j.page.getByRole("heading", { name: book.title, level: 1 }).waitFor();

    await j.page.getByRole("button", { name: "Choose a cover" }).focus();
    await j.page.keyboard.press("Enter");
    const sheet = j.page.getByRole("dialog", { name: "Choose a cover" });
    await sheet.waitFor();
    await sheet.getByText("Current cover").waitFor();
    const group = sheet.getByRole("group", { name: /Covers found/ });
    await group.waitFor({ timeout: STATE_TIMEOUT_MS });
    const first = group.getByRole("radio").first();
    await first.focus();
    await j.page.keyboard.press("Space");
    expect(await first.isChecked()).toBe(true);
    const chosen = await first.getAttribute("value");
    expect(chosen).toBeTruthy();
    await j.screenshot("choose-a-cover");
    await expectAccessible(j.page, "choose-a-cover-dialog");
    await sheet.getByRole("button", { name: "Use this cover" }).focus();
    await j.page.keyboard.press("Enter");
    await j.page.getByText("Cover chosen").first().waitFor();
    await j.page.getByRole("button", { name: "Remove your cover" }).waitFor();

    await fetchMissingCoversThenReload(j.page);
    expect(await loadedCoverImage(j.page, book.title)).toBe(chosen);
  },
);
