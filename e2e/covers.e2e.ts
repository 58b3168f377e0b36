// Covers on the wall: found after adding a book, the reader's own upload, a broken image, and
// "Fetch missing covers" from the overflow menu with the keyboard alone.
import { expect } from "vitest";
import { expectAccessible } from "./support/axe";
import { journey, STATE_TIMEOUT_MS } from "./support/journey";
import {
  addBook,
  booksByCover,
  continueAsGuest,
  coverOf,
  loadedCoverImage,
  makePng,
  placeholderOf,
  recordAppearance,
  waitForLibrary,
} from "./support/reader";

const CANDIDATES = [
  { title: "The Left Hand of Darkness", author: "Ursula K. Le Guin" },
  { title: "A Wizard of Earthsea", author: "Ursula K. Le Guin" },
  { title: "The Remains of the Day", author: "Kazuo Ishiguro" },
  { title: "Never Let Me Go", author: "Kazuo Ishiguro" },
  { title: "Station Eleven", author: "Emily St. John Mandel" },
  { title: "The Fifth Season", author: "N. K. Jemisin" },
  { title: "Wolf Hall", author: "Hilary Mantel" },
  { title: "Gilead", author: "Marilynne Robinson" },
  { title: "Middlemarch", author: "George Eliot" },
  { title: "The Overstory", author: "Richard Powers" },
  { title: "Circe", author: "Madeline Miller" },
  { title: "Annihilation", author: "Jeff VanderMeer" },
];
const { withCover, withoutCover } = booksByCover(CANDIDATES);

journey("adding a book without a cover: the tile says it is looking, then the cover appears", async (j) => {
  const book = withCover[0];
  await continueAsGuest(j.page, j.webUrl);
  const sawLooking = await recordAppearance(j.page, "findingCover", "Finding cover…");
  await addBook(j.page, book);
  const src = await loadedCoverImage(j.page, book.title);
  expect(src.startsWith(`${j.backendUrl}/books/content?id=`)).toBe(true);
  expect(await sawLooking()).toBe(true);
  await j.screenshot("wall-one-found-cover");
  await expectAccessible(j.page, "wall-one-found-cover");

  await j.page.getByRole("link", { name: new RegExp(`^Cover of ${book.title}`) }).click();
  await j.page.getByRole("heading", { name: book.title, level: 1 }).waitFor();
  await j.page.getByText("Cover from Google Books").waitFor();
  await j.screenshot("book-page");
  await expectAccessible(j.page, "book-page-found-cover");
});

journey("a reader's own cover from a file shows on the tile, and a found cover never replaces it", async (j) => {
  const book = withCover[1];
  await continueAsGuest(j.page, j.webUrl);
  const png = await makePng(j.page, "My own cover", "#7b2d26");
  await addBook(j.page, { ...book, cover: { name: "my-cover.png", mimeType: "image/png", buffer: png } });
  const own = await loadedCoverImage(j.page, book.title);
  expect(own.startsWith(`${j.backendUrl}/api/storage/`)).toBe(true);

  // A bulk lookup afterwards leaves it alone: nothing is waiting for a cover.
  await j.page.getByRole("button", { name: "More library actions" }).click();
  await j.page.getByRole("menuitem", { name: "Fetch missing covers" }).click();
  await j.page.getByText("No books are waiting for a cover right now.").waitFor();
  expect(await loadedCoverImage(j.page, book.title)).toBe(own);

  await j.page.reload();
  await waitForLibrary(j.page);
  expect(await loadedCoverImage(j.page, book.title)).toBe(own);
});

journey("a cover image that fails to load shows the placeholder", async (j) => {
  const book = withCover[2];
  let brokenImages = 0;
  // The backend's image host answers 404 for this journey (a local server: allowed, just broken).
  await j.context.route(
    (url) => url.origin === new URL(j.backendUrl).origin && url.pathname === "/books/content",
    (route) => {
      brokenImages++;
      return route.fulfill({ status: 404, contentType: "text/plain", body: "gone" });
    },
  );
  await continueAsGuest(j.page, j.webUrl);
  await addBook(j.page, book);
  await expect.poll(() => brokenImages, { timeout: STATE_TIMEOUT_MS }).toBeGreaterThan(0);
  const placeholder = placeholderOf(j.page, book.title);
  await placeholder.waitFor();
  expect(await placeholder.innerText()).toContain(book.title);
  expect(await j.page.locator("img").and(coverOf(j.page, book.title)).count()).toBe(0);
  await j.screenshot("wall-broken-cover-placeholder");
});

journey(
  "Fetch missing covers from the overflow menu with the keyboard alone: progress toast, then the final counts",
  async (j) => {
    const found = withCover[3];
    const notFound = withoutCover[0];
    expect(notFound).toBeDefined();
    await continueAsGuest(j.page, j.webUrl);
    // Two books that lost their own covers: no lookup ran for them yet, so both wait for one.
    for (const [i, book] of [found, notFound].entries()) {
      const png = await makePng(j.page, `Cover ${i + 1}`, "#24483a");
      await addBook(j.page, { ...book, cover: { name: `cover-${i}.png`, mimeType: "image/png", buffer: png } });
      await loadedCoverImage(j.page, book.title);
      await j.page.getByRole("link", { name: new RegExp(`^Cover of ${book.title}`) }).click();
      await j.page.getByRole("button", { name: "Remove your cover" }).click();
      await j.page.getByText("Your cover was removed").first().waitFor();
      await j.page.getByRole("link", { name: "Library", exact: true }).first().click();
      await waitForLibrary(j.page);
    }
    await placeholderOf(j.page, found.title).waitFor();

    const sawProgress = await recordAppearance(j.page, "fetchingCovers", "Fetching missing covers…");
    const menuButton = j.page.getByRole("button", { name: "More library actions" });
    for (let tabs = 0; tabs < 40 && !(await menuButton.evaluate((el) => el === document.activeElement)); tabs++) {
      await j.page.keyboard.press("Tab");
    }
    expect(await menuButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await j.page.keyboard.press("Enter");
    const item = j.page.getByRole("menuitem", { name: "Fetch missing covers" });
    await item.waitFor();
    for (let keys = 0; keys < 5 && !(await item.evaluate((el) => el === document.activeElement)); keys++) {
      await j.page.keyboard.press("ArrowDown");
    }
    await j.page.keyboard.press("Enter");

    await j.page.getByText("Finished fetching covers").waitFor();
    await j.page.getByText(/Found 1 cover for 2 books\b.*1 not found/).waitFor();
    expect(await sawProgress()).toBe(true);
    await j.screenshot("fetch-missing-covers-toast");
    await expectAccessible(j.page, "wall-with-cover-toast");
    expect((await loadedCoverImage(j.page, found.title)).startsWith(`${j.backendUrl}/books/content?id=`)).toBe(true);
    await placeholderOf(j.page, notFound.title).waitFor();
  },
);

journey("two tabs of the same reader: a book added in one appears in the other without a reload", async (j) => {
  await continueAsGuest(j.page, j.webUrl);
  const second = await j.newPage();
  await second.goto(`${j.webUrl}/library`);
  await waitForLibrary(second);
  await second.getByText("Your shelves are waiting").waitFor();
  const book = withoutCover[1] ?? withCover[4];
  await addBook(j.page, book);
  await coverOf(second, book.title).waitFor();
  await second.getByText("1 book", { exact: true }).waitFor();
});
