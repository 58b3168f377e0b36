// A reader's first hour: the books still without a cover, a real book page, the account in
// Settings, and every page at phone size (390×844), each checked with axe-core.
import path from "node:path";
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
  newEmail,
  placeholderOf,
  signUp,
  waitForLibrary,
} from "./support/reader";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const EXPORT = path.join(import.meta.dirname, "fixtures/goodreads_library_export_12.csv");

const CANDIDATES = [
  { title: "Notes from Underground", author: "Fyodor Dostoevsky" },
  { title: "The Master and Margarita", author: "Mikhail Bulgakov" },
  { title: "Invisible Cities", author: "Italo Calvino" },
  { title: "The Unconsoled", author: "Kazuo Ishiguro" },
  { title: "Austerlitz", author: "W. G. Sebald" },
  { title: "The Rings of Saturn", author: "W. G. Sebald" },
  { title: "Housekeeping", author: "Marilynne Robinson" },
  { title: "The Summer Book", author: "Tove Jansson" },
  { title: "Stoner", author: "John Williams" },
  { title: "Pedro Páramo", author: "Juan Rulfo" },
];
const { withCover, withoutCover } = booksByCover(CANDIDATES);

/** Every response of the page that was a 404 (the favicon used to be one on every page). */
function record404s(page: Page): string[] {
  const missing: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 404) missing.push(new URL(response.url()).pathname);
  });
  return missing;
}

/** The wall's first tile's box on screen. */
async function firstTileBox(page: Page) {
  const tile = page.getByRole("list", { name: "Your books" }).getByRole("link").first();
  await tile.waitFor();
  return (await tile.boundingBox())!;
}

journey("No cover yet: the filter with its count, why each book has none, and what to do on its page", async (j) => {
  const { page } = j;
  await page.setViewportSize(DESKTOP);
  expect(withCover.length).toBeGreaterThan(0);
  expect(withoutCover.length).toBeGreaterThan(0);
  await continueAsGuest(page, j.webUrl);
  await addBook(page, withCover[0]);
  await loadedCoverImage(page, withCover[0].title);
  await addBook(page, withoutCover[0]);
  await placeholderOf(page, withoutCover[0].title).waitFor();

  const chip = page.locator("label").filter({ hasText: /^No cover yet/ });
  await chip.filter({ hasText: "1" }).waitFor();
  await chip.click();
  expect(await page.getByRole("radio", { name: /^No cover yet/ }).isChecked()).toBe(true);
  await page.getByText("1 of 2 books").waitFor();
  const tile = page.getByRole("link", { name: new RegExp(`^Cover of ${withoutCover[0].title}`) });
  await expect.poll(() => tile.innerText(), { timeout: STATE_TIMEOUT_MS }).toMatch(/No cover found|Not looked up yet/);
  expect(await coverOf(page, withCover[0].title).count()).toBe(0);
  await j.screenshot("wall-no-cover-yet");
  await expectAccessible(page, "wall-no-cover-yet");

  await tile.click();
  await page.getByRole("heading", { name: withoutCover[0].title, level: 1 }).waitFor();
  const cover = page.getByRole("region", { name: "Cover" });
  await cover.getByText(/^No cover matching this title, author and ISBN was found\.$/).waitFor();
  await cover.getByRole("button", { name: "Choose a cover" }).waitFor();
  expect(await cover.getByText("Upload your cover").count()).toBe(1);
  // Looking up the same book again would find nothing new: not offered.
  expect(await cover.getByRole("button", { name: /Look again|Look for a cover|Fetch cover/ }).count()).toBe(0);
  await j.screenshot("book-page-no-cover");
  await expectAccessible(page, "book-page-no-cover");

  await cover.getByRole("button", { name: "Choose a cover" }).click();
  const sheet = page.getByRole("dialog", { name: "Choose a cover" });
  await sheet.waitFor();
  await sheet
    .getByText(/No other covers were found|Covers found/)
    .first()
    .waitFor({ timeout: STATE_TIMEOUT_MS });
  await j.screenshot("choose-a-cover-no-candidates");
  await expectAccessible(page, "choose-a-cover-dialog-no-candidates");
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "hidden" });
});

journey("the book page: rate in quarter stars with the arrow keys, shelve and date a book, and it stays", async (j) => {
  const { page } = j;
  await page.setViewportSize(DESKTOP);
  await continueAsGuest(page, j.webUrl);
  await addBook(page, withCover[1] ?? withCover[0]);
  const title = (withCover[1] ?? withCover[0]).title;
  await page.getByRole("link", { name: new RegExp(`^Cover of ${title}`) }).click();
  await page.getByRole("heading", { name: title, level: 1 }).waitFor();

  const reading = page.getByRole("form", { name: "Your reading" });
  const slider = reading.getByRole("slider", { name: "Rating" });
  await slider.focus();
  for (let i = 0; i < 15; i++) await page.keyboard.press("ArrowRight");
  expect(await slider.getAttribute("aria-valuetext")).toBe("3.75 stars");
  await reading.getByLabel("Shelves").fill("favourites, to re-read");
  await reading.getByLabel("Date read").fill("2024-03-09");
  await reading.getByRole("button", { name: "Save" }).click();
  await page.getByText("Saved", { exact: true }).first().waitFor();
  await j.screenshot("book-page-reading");
  await expectAccessible(page, "book-page-reading");

  await page.reload();
  await page.getByRole("heading", { name: title, level: 1 }).waitFor();
  expect(await page.getByRole("slider", { name: "Rating" }).getAttribute("aria-valuetext")).toBe("3.75 stars");
  expect(await page.getByLabel("Shelves").inputValue()).toBe("favourites, to re-read");
  expect(await page.getByLabel("Date read").inputValue()).toBe("2024-03-09");
  await page.getByRole("img", { name: "Rated 3.75 out of 5" }).first().waitFor();

  // The tile shows the stars under the cover, not over it.
  await page.getByRole("link", { name: "Library", exact: true }).first().click();
  await waitForLibrary(page);
  const link = page.getByRole("link", { name: new RegExp(`^Cover of ${title}`) });
  const image = await coverOf(page, title).boundingBox();
  const stars = await link.locator("svg").first().boundingBox();
  expect(stars!.y).toBeGreaterThanOrEqual(image!.y + image!.height - 1);
});

journey("Settings: the account's email and a password change that the next sign-in uses", async (j) => {
  const { page } = j;
  const email = newEmail("settings");
  await signUp(page, j.webUrl, email, "first password 1");
  await page.getByRole("link", { name: "Settings" }).click();
  const account = page.getByRole("region", { name: "Your account" });
  await account.getByText(email).waitFor();
  await j.screenshot("settings");
  await expectAccessible(page, "settings");

  const form = account.getByRole("form", { name: "Change your password" });
  await form.getByLabel("Current password").fill("first password 1");
  await form.getByLabel("New password").fill("second password 2");
  await form.getByRole("button", { name: "Change password" }).click();
  await page.getByText("Password changed").first().waitFor();

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname !== "/settings");
  await page.goto(`${j.webUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("second password 2");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await waitForLibrary(page);
});

journey(
  "at phone size (390×844), every page: axe, the filters behind one control, errors in view, sticky Import, a toast clear of the first row",
  async (j) => {
    const { page } = j;
    await page.setViewportSize(PHONE);
    const missing = record404s(page);

    await page.goto(j.webUrl);
    await page.getByRole("heading", { name: /wall of covers/ }).waitFor();
    await j.screenshot("phone-landing");
    await expectAccessible(page, "phone-landing");
    // "Create an account" lands on sign-up, "Sign in" on sign-in.
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByRole("heading", { name: "Create your library" }).waitFor();
    await j.screenshot("phone-sign-up");
    await expectAccessible(page, "phone-sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Enter an email address like name@example.com").waitFor();
    await expectAccessible(page, "phone-sign-up-errors");

    await continueAsGuest(page, j.webUrl);
    for (const book of CANDIDATES.slice(0, 5)) await addBook(page, book);
    await page.getByText("5 books", { exact: true }).waitFor();
    // Five "Book added" toasts: only the newest shows on a phone, clear of the first row.
    const toasts = page.getByRole("region", { name: /Notifications/ }).locator("li");
    expect(await toasts.evaluateAll((items) => items.filter((li) => (li as HTMLElement).offsetParent !== null).length)).toBe(1);
    // Filters fold behind one control: the first row of covers is in view.
    const filters = page.getByRole("button", { name: /^Filters/ });
    await filters.waitFor();
    expect(await page.getByRole("radio", { name: /^No cover yet/ }).isVisible()).toBe(false);
    const first = await firstTileBox(page);
    expect(first.y + first.height).toBeLessThanOrEqual(PHONE.height);
    await j.screenshot("phone-library");
    await expectAccessible(page, "phone-library");
    await filters.click();
    await page.getByRole("radio", { name: /^No cover yet/ }).waitFor();
    await j.screenshot("phone-library-filters-open");
    await expectAccessible(page, "phone-library-filters-open");
    await filters.click();

    // The cover toast never covers the first row.
    await page.getByRole("button", { name: "More library actions" }).click();
    await expectAccessible(page, "phone-library-menu-open");
    await page.getByRole("menuitem", { name: "Fetch missing covers" }).click();
    const toast = page
      .getByRole("region", { name: /Notifications/ })
      .locator("li")
      .filter({ hasText: /Fetching missing covers|Finished fetching covers|No books are waiting/ })
      .first();
    await toast.waitFor();
    const toastBox = (await toast.boundingBox())!;
    const row = await firstTileBox(page);
    expect(toastBox.y).toBeGreaterThanOrEqual(row.y + row.height);
    await j.screenshot("phone-library-toast");
    await page
      .getByText(/Finished fetching covers|No books are waiting/)
      .first()
      .waitFor({ timeout: STATE_TIMEOUT_MS });

    await page.getByRole("button", { name: "Add book" }).first().click();
    await page.getByRole("dialog", { name: "Add a book" }).waitFor();
    await j.screenshot("phone-add-book");
    await expectAccessible(page, "phone-add-book-dialog");
    await page.keyboard.press("Escape");

    await page.getByRole("link", { name: new RegExp(`^Cover of ${CANDIDATES[0].title}`) }).click();
    await page.getByRole("heading", { name: CANDIDATES[0].title, level: 1 }).waitFor();
    await j.screenshot("phone-book-page");
    await expectAccessible(page, "phone-book-page");

    // An import error is seen where the file was chosen, and focused.
    await page.goto(`${j.webUrl}/import`);
    await page.getByRole("heading", { name: "Import books", level: 1 }).waitFor();
    await expectAccessible(page, "phone-import");
    await page
      .getByLabel("Choose a file")
      .setInputFiles({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.from("Title,Author\n") });
    const alert = page.getByRole("alert").filter({ hasText: "no books under it" });
    await alert.waitFor();
    await expect.poll(() => alert.evaluate((el) => el === document.activeElement)).toBe(true);
    const alertBox = (await alert.boundingBox())!;
    expect(alertBox.y + alertBox.height).toBeLessThanOrEqual(PHONE.height);
    await j.screenshot("phone-import-error");
    await expectAccessible(page, "phone-import-error");

    await page.getByLabel("Choose a file").setInputFiles(EXPORT);
    const importButton = page.getByRole("button", { name: /^Import \d+ books$/ });
    await importButton.waitFor();
    const importBox = (await importButton.boundingBox())!;
    expect(importBox.y + importBox.height).toBeLessThanOrEqual(PHONE.height);
    await j.screenshot("phone-import-preview");
    await expectAccessible(page, "phone-import-preview");

    await page.goto(`${j.webUrl}/settings`);
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    await page.getByText(/You are using Folio as a guest/).waitFor();
    await j.screenshot("phone-settings");
    await expectAccessible(page, "phone-settings");

    expect(missing).toEqual([]);
  },
  360_000,
);
