// A large wall: a 2,000-book library is paged and virtualised (the DOM stays small), scrolls
// without losing its place when covers arrive, and can be searched, filtered and sorted.
import type { WebSocket } from "playwright-core";
import { expect } from "vitest";
import { titleSortKey } from "../lib/books/listingKeys";
import { seededBook } from "../tools/local-backend/devSeeding";
import { journey, STATE_TIMEOUT_MS } from "./support/journey";
import { continueAsGuest, readerToken, seedLibrary, waitForLibrary, wallTiles } from "./support/reader";

const BOOKS = 2_000;
/** The newest books have no cover yet: a bulk run finds theirs while the reader is scrolled down. */
const MISSING = 40;
/** "A few hundred" at most, however long the library. */
const MAX_DOM_TILES = 300;

/** The page's WebSockets (the Convex sync connection), to see when the backend pushes updates. */
const sockets: WebSocket[] = [];

async function openLargeLibrary(j: Parameters<Parameters<typeof journey>[1]>[0]) {
  sockets.length = 0;
  j.page.on("websocket", (ws) => sockets.push(ws));
  await continueAsGuest(j.page, j.webUrl);
  await seedLibrary(j.page, j.backendUrl, BOOKS, MISSING);
  await j.page.reload();
  await waitForLibrary(j.page);
  await j.page.getByText(`${BOOKS.toLocaleString("en")} books`).waitFor();
}

/** Runs the bulk cover lookup as the reader, through the backend's HTTP API (as ConvexHttpClient would). */
async function fetchMissingCovers(j: Parameters<Parameters<typeof journey>[1]>[0]): Promise<number> {
  let updated = 0;
  let cursor: string | undefined;
  for (let call = 0; call < 10; call++) {
    const response = await fetch(`${j.backendUrl}/api/action`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await readerToken(j.page)}`, "Content-Type": "application/json" },
      body: JSON.stringify({ path: "books:fetchMissingCovers", args: [cursor ? { cursor } : {}], format: "json" }),
    });
    const body = (await response.json()) as { status: string; value?: { updated: number; nextCursor?: string } };
    expect(body.status).toBe("success");
    updated += body.value!.updated;
    cursor = body.value!.nextCursor;
    if (!cursor) break;
  }
  return updated;
}

journey(
  "a 2,000-book wall pages as the reader scrolls, keeps the DOM small and keeps its place when covers arrive",
  async (j) => {
    await openLargeLibrary(j);
    const first = await wallTiles(j.page);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(MAX_DOM_TILES);
    await j.screenshot("large-wall-top");

    // Scroll far down, as a reader keeps scrolling while later pages load: the wall can only grow
    // as fast as its pages arrive (on a busy machine a page, and the covers its tiles load, take a
    // while), so each look scrolls on a little before it checks, until books 900–1499 show.
    await expect
      .poll(
        async () => {
          await j.page.mouse.wheel(0, 4000);
          return (await wallTiles(j.page)).some((t) => /\b(1[0-4]\d\d|9\d\d)$/.test(t.title));
        },
        { timeout: STATE_TIMEOUT_MS },
      )
      .toBe(true);
    // The reader stops: the wall settles once the pages around the viewport are in.
    let previous = "";
    await expect
      .poll(
        async () => {
          const now = JSON.stringify(await wallTiles(j.page));
          const settled = now === previous;
          previous = now;
          return settled;
        },
        { timeout: STATE_TIMEOUT_MS, interval: 1_000 },
      )
      .toBe(true);
    const scrolled = await wallTiles(j.page);
    expect(scrolled.length).toBeLessThanOrEqual(MAX_DOM_TILES);
    await j.screenshot("large-wall-scrolled");

    // Covers arrive for the newest books, far above the viewport: nothing on screen moves.
    const scrollY = await j.page.evaluate(() => window.scrollY);
    const onScreen = (await wallTiles(j.page)).map((t) => t.title);
    let updates = 0;
    const counting = (frame: { payload: string | Buffer }) => {
      if (String(frame.payload).includes('"QueryUpdated"')) updates++;
    };
    for (const ws of sockets) ws.on("framereceived", counting);
    expect(await fetchMissingCovers(j)).toBeGreaterThan(0);
    // The wall's pages with the new covers have reached the tab.
    await expect.poll(() => updates, { timeout: STATE_TIMEOUT_MS }).toBeGreaterThan(0);
    expect(await j.page.evaluate(() => window.scrollY)).toBe(scrollY);
    expect((await wallTiles(j.page)).map((t) => t.title)).toEqual(onScreen);
  },
);

journey("search, status filter and sort on a 2,000-book wall", async (j) => {
  await openLargeLibrary(j);
  const target = seededBook(1233);

  // Search by a word only one title has (the offline backend's convex-test search matches any
  // word by prefix, in creation order, where Convex ranks by relevance: one distinct word keeps the
  // journey true to both).
  const word = target.title.split(" ").at(-1)!;
  await j.page.getByLabel("Search").fill(word);
  await expect
    .poll(async () => (await wallTiles(j.page)).map((t) => t.title), { timeout: STATE_TIMEOUT_MS })
    .toEqual([target.title]);
  await j.screenshot("large-wall-search");
  await j.page.getByLabel("Search").fill("");

  // Filter by status: the chip's count, and only such books on the wall.
  // The chips are radio buttons drawn as labels: click the label, as a reader does.
  const chip = j.page.getByRole("radio", { name: /^Did not finish/ });
  await j.page.locator("label").filter({ has: chip }).click();
  expect(await chip.isChecked()).toBe(true);
  await expect.poll(async () => (await wallTiles(j.page)).length, { timeout: STATE_TIMEOUT_MS }).toBeGreaterThan(0);
  await expect
    .poll(async () => (await wallTiles(j.page)).every((t) => t.details.includes("Did not finish")), { timeout: STATE_TIMEOUT_MS })
    .toBe(true);
  await j.screenshot("large-wall-filtered");
  const all = j.page.getByRole("radio", { name: /^All/ });
  await j.page.locator("label").filter({ has: all }).click();

  // Sort by title: the wall reads in title order from the first tile.
  await j.page.getByLabel("Sort by").selectOption("title");
  await expect
    .poll(
      async () => {
        const keys = (await wallTiles(j.page)).slice(0, 20).map((t) => titleSortKey(t.title));
        return keys.length === 20 && keys.every((k, i) => i === 0 || keys[i - 1] <= k);
      },
      { timeout: STATE_TIMEOUT_MS },
    )
    .toBe(true);
  await j.screenshot("large-wall-sorted");
});
