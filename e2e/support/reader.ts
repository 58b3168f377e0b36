/**
 * What a reader does, in the words the page uses (roles, labels, visible text), so the journeys
 * survive changes to markup and styling.
 */
import type { Locator, Page } from "playwright-core";
import { createOpenCatalogue } from "../../scripts/bench/openCatalogue";
import { STATE_TIMEOUT_MS } from "./journey";

let accounts = 0;
/** A new address for every account a run creates (the backend's data lives as long as the run). */
export const newEmail = (label: string) => `${label}-${process.pid}-${Date.now()}-${++accounts}@example.com`;

export async function openSignIn(page: Page, webUrl: string): Promise<void> {
  await page.goto(`${webUrl}/sign-in`);
  await page.getByRole("heading", { name: "Welcome back", exact: true }).waitFor();
}

export async function waitForLibrary(page: Page): Promise<void> {
  await page.getByRole("heading", { name: "Library", level: 1, exact: true }).waitFor();
}

export async function signUp(page: Page, webUrl: string, email: string, password: string): Promise<void> {
  await openSignIn(page, webUrl);
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByRole("heading", { name: "Create your library" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForLibrary(page);
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function continueAsGuest(page: Page, webUrl: string): Promise<void> {
  await openSignIn(page, webUrl);
  await page.getByRole("button", { name: "Continue as guest" }).click();
  await waitForLibrary(page);
}

export interface NewBook {
  title: string;
  author: string;
  /** An image for the "Cover image" field. */
  cover?: { name: string; mimeType: string; buffer: Buffer };
}

export async function addBook(page: Page, book: NewBook): Promise<void> {
  await page.getByRole("button", { name: "Add book" }).first().click();
  const sheet = page.getByRole("dialog", { name: "Add a book" });
  await sheet.waitFor();
  await sheet.getByLabel("Title").fill(book.title);
  await sheet.getByLabel("Author").fill(book.author);
  if (book.cover) await sheet.getByLabel("Cover image").setInputFiles(book.cover);
  await sheet.getByRole("button", { name: "Add book" }).click();
  await sheet.waitFor({ state: "hidden" });
}

/** A book's cover on the wall or its page: the image or the typographic placeholder, named "Cover of <title>". */
export const coverOf = (page: Page | Locator, title: string) => page.getByRole("img", { name: `Cover of ${title}`, exact: true });

/** The cover image element (not the placeholder) once it has loaded; returns its URL. */
export async function loadedCoverImage(page: Page, title: string): Promise<string> {
  const image = page.locator("img").and(coverOf(page, title));
  await image.waitFor();
  await page.waitForFunction(
    (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
    await image.elementHandle(),
    {
      timeout: STATE_TIMEOUT_MS,
    },
  );
  return (await image.getAttribute("src")) ?? "";
}

/** The placeholder (title and author set on cloth), not an image. */
export const placeholderOf = (page: Page, title: string) => page.locator(":not(img)").and(coverOf(page, title));

/**
 * Starts recording whether `text` ever appears in the page (a MutationObserver in the page), for
 * states that may be brief ("Finding cover…", a progress toast). Call before the action.
 */
export async function recordAppearance(page: Page, key: string, text: string): Promise<() => Promise<boolean>> {
  await page.evaluate(
    ([k, t]) => {
      const w = window as unknown as Record<string, boolean>;
      w[k] = document.body.innerText.includes(t);
      new MutationObserver(() => {
        if (!w[k] && document.body.innerText.includes(t)) w[k] = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    },
    [key, text],
  );
  return () => page.evaluate((k) => (window as unknown as Record<string, boolean>)[k] === true, key);
}

/**
 * Titles the offline backend's emulated catalogue (seed 1) has a cover for, or has none for:
 * the same open catalogue the backend uses decides it from title and author.
 */
export function booksByCover(candidates: { title: string; author: string }[]) {
  const open = createOpenCatalogue({ seed: 1, imageUrl: (id) => id });
  for (const b of candidates) open.learn(b.title, b.author);
  const found = new Set(open.catalogue.library.filter((e) => e.findable).map((e) => e.title));
  return {
    withCover: candidates.filter((b) => found.has(b.title)),
    withoutCover: candidates.filter((b) => !found.has(b.title)),
  };
}

/** A small PNG made by the browser itself (a canvas), for uploads. */
export async function makePng(page: Page, label: string, colour: string): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ([text, fill]) => {
      const canvas = document.createElement("canvas");
      canvas.width = 300;
      canvas.height = 450;
      const g = canvas.getContext("2d")!;
      g.fillStyle = fill;
      g.fillRect(0, 0, 300, 450);
      g.fillStyle = "#ffffff";
      g.font = "bold 28px sans-serif";
      g.fillText(text, 24, 220);
      return canvas.toDataURL("image/png");
    },
    [label, colour],
  );
  return Buffer.from(dataUrl.split(",")[1], "base64");
}

/** The signed-in reader's Convex Auth token, as the page keeps it. */
export async function readerToken(page: Page): Promise<string> {
  const token = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith("__convexAuthJWT_")) return localStorage.getItem(key);
    }
    return null;
  });
  if (!token) throw new Error("No Convex Auth token in the page: sign in first.");
  return token;
}

/** Fills the signed-in reader's library straight through the offline backend (its dev seeding route). */
export async function seedLibrary(page: Page, backendUrl: string, books: number, missingCovers = 0): Promise<void> {
  const response = await fetch(`${backendUrl}/_dev/seed-library`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await readerToken(page)}`, "Content-Type": "application/json" },
    body: JSON.stringify({ books, missingCovers }),
  });
  if (!response.ok) throw new Error(`Seeding the library failed: ${response.status} ${await response.text()}`);
}

/** The wall's tiles currently in the DOM, in order: each one's title (from its cover's name) and the rest of its name. */
export async function wallTiles(page: Page): Promise<{ title: string; details: string }[]> {
  return await page
    .getByRole("list", { name: "Your books" })
    .getByRole("link")
    .evaluateAll((links) =>
      links.map((a) => {
        const cover = a.querySelector("img[alt], [role=img][aria-label]");
        const name = cover?.getAttribute("alt") ?? cover?.getAttribute("aria-label") ?? "";
        return { title: name.replace(/^Cover of /, ""), details: a.textContent ?? "" };
      }),
    );
}
