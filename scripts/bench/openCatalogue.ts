/**
 * An open catalogue: the benchmark's emulated sources (./emulator.ts) for a library nobody
 * generated in advance. The offline backend (tools/local-backend) uses it to answer the cover
 * lookups of whatever books a reader adds or imports.
 *
 * Every title + author the sources are asked about is added to the catalogue the first time, with
 * a fate drawn from a generator seeded by the seed and that title + author alone, so the same book
 * gets the same answer in every run and in every order:
 *
 * - Open Library knows the work but has no cover for it (its cover URLs are cover ids on
 *   covers.openlibrary.org, which an offline browser cannot load);
 * - Google Books has the book with an image for about `coverShare` of the books, the image URL
 *   made by `imageUrl` (the offline backend's own origin);
 * - decoys, with images, keep the matcher honest: the same title by another author who shares a
 *   name, "<title>: The Graphic Novel" by the same author and an illustrator, and a near-miss
 *   sequel title; a decoy may rank before the true volume.
 *
 * A book learnt with its ISBN (the offline backend learns each book a reader adds, see
 * tools/local-backend/syscallHooks.ts) is also an Open Library edition, so ISBN lookups (the Books
 * API and `search.json?q=isbn:(…)` batches) answer first, as the real source does: about
 * `isbnCoverShare` of those editions have a cover, some more only through their work's cover, the
 * rest are unknown to Open Library. Its covers are cover ids (`/b/id/<id>-L.jpg`), served like the
 * Google images by the caller (`openLibraryCoverArt`). An ISBN alone says nothing about the title
 * (a cover must show its book), so an ISBN nobody learnt finds nothing.
 */
import type { HttpHandler } from "msw";
import { http } from "msw";
import { parseIsbn } from "../../lib/books/isbn";
import type { Catalogue, GoogleEntry, LibraryEntry } from "./catalogue";
import type { BenchConfig } from "./config";
import { createEmulator, words, type Emulator } from "./emulator";
import { createRng, hashString, type Rng } from "./model";

export interface OpenCatalogueOptions {
  seed: number;
  /** The image URL of a Google volume id (served by the caller, e.g. `<origin>/books/content?id=<id>`). */
  imageUrl: (volumeId: string) => string;
  /** Share of books whose true volume has an image. Default 0.8. */
  coverShare?: number;
  /** Of the books learnt with an ISBN: share whose Open Library edition has a cover. Default 0.7. */
  isbnCoverShare?: number;
  /** ... and share whose edition has none but whose work has one. Default 0.1 (the rest: ISBN unknown). */
  isbnWorkCoverShare?: number;
}

/** What a cover image shows: the volume's title, subtitle and authors. */
export interface CoverArt {
  title: string;
  subtitle?: string;
  authors: string[];
}

export interface OpenCatalogue {
  /** The catalogue as the emulator serves it; grows with every new title + author. */
  catalogue: Catalogue;
  /** Adds a book (by its title and author) and its decoys, once; with an ISBN, its Open Library edition too (once per ISBN). */
  learn(title: string, author: string, isbn?: string): void;
  /** The art of a volume's image, for the image server; undefined for an unknown id. */
  coverArt(volumeId: string): CoverArt | undefined;
  /** The art of an Open Library cover id, for the image server; undefined for an unknown id. */
  openLibraryCoverArt(coverId: number): CoverArt | undefined;
  /** Learns the book and returns its true volume's image URL, or undefined when it has none. */
  trueCover(title: string, author: string): string | undefined;
}

const OTHER_GIVEN = ["Maren", "Tobias", "Ingrid", "Felix", "Clara", "Jonas", "Elena", "Hugo", "Greta", "Nils"];
const OTHER_SURNAMES = ["Holloway", "Marchetti", "Lindqvist", "Okafor", "Brandt", "Whitlock", "Fenwick", "Radcliffe"];
const SEQUEL_WORDS = ["Returns", "Rising", "Revisited", "Again"];

/** Lower-case words, accents folded: the key a title or author is known by (the emulator's own word split). */
const keyWords = words;

function emptyCatalogue(): Catalogue {
  return {
    library: [],
    editions: new Map(),
    works: [],
    google: [],
    coverIds: new Set(),
    googleImageIds: new Set(),
    stats: { books: 0, withIsbn: 0, findable: 0, decoys: 0 },
  };
}

/** Another author who shares the first name or the surname (a fuzzy search returns both). */
function namesake(author: string, rng: Rng): string {
  const parts = author.trim().split(/\s+/);
  const given = parts[0] ?? "";
  const surname = parts.length > 1 ? parts[parts.length - 1] : "";
  const keepGiven = surname === "" || rng.chance(0.5);
  const otherSurname = rng.pick(OTHER_SURNAMES.filter((s) => s !== surname));
  const otherGiven = rng.pick(OTHER_GIVEN.filter((g) => g !== given));
  return keepGiven ? `${given} ${otherSurname}` : `${otherGiven} ${surname}`;
}

export function createOpenCatalogue(options: OpenCatalogueOptions): OpenCatalogue {
  const { seed, imageUrl, coverShare = 0.8, isbnCoverShare = 0.7, isbnWorkCoverShare = 0.1 } = options;
  const catalogue = emptyCatalogue();
  /** Each learnt book (title key | author key) and its library entry. */
  const known = new Map<string, LibraryEntry | null>();
  const art = new Map<string, CoverArt>();
  const olArt = new Map<number, CoverArt>();
  /** ISBN-13s learnt, with the book (title key | author key) they were learnt for. */
  const knownIsbns = new Set<string>();

  /**
   * The Open Library edition of a book's ISBN, decided by the seed, the book and the ISBN alone:
   * its cover id (on the edition, or only on the work) or nothing.
   */
  const isbnFate = (key: string, isbn13: string): { coverId: number; on: "edition" | "work" } | null => {
    const rng = createRng(hashString(`${seed}:open-isbn:${key}|${isbn13}`));
    const u = rng.next();
    if (u >= isbnCoverShare + isbnWorkCoverShare) return null;
    const coverId = 10_000_000 + (hashString(`${seed}:open-cover:${key}|${isbn13}`) % 89_000_000);
    return { coverId, on: u < isbnCoverShare ? "edition" : "work" };
  };

  const addVolume = (entry: Omit<GoogleEntry, "id" | "thumbnail">, key: string): string => {
    const id = `open${hashString(`${seed}:${key}:${entry.kind}:${entry.title}:${entry.subtitle ?? ""}`).toString(36)}`;
    if (art.has(id)) return id;
    art.set(id, { title: entry.title, ...(entry.subtitle ? { subtitle: entry.subtitle } : {}), authors: entry.authors });
    catalogue.google.push({ ...entry, id, thumbnail: imageUrl(id) });
    catalogue.googleImageIds.add(id);
    if (entry.kind !== "true") catalogue.stats.decoys++;
    return id;
  };

  const learn = (title: string, author: string, isbn?: string): LibraryEntry | null => {
    const titleKey = keyWords(title).join(" ");
    const authorKey = keyWords(author).join(" ");
    if (titleKey === "" || authorKey === "") return null;
    const key = `${titleKey}|${authorKey}`;
    const parsed = isbn ? parseIsbn(isbn) : null;
    const isbn13 = parsed?.ok && !knownIsbns.has(parsed.isbn13) ? parsed.isbn13 : undefined;
    const seen = known.get(key);
    if (seen !== undefined) {
      // A further edition of a known book: another Open Library work record holds it.
      if (seen && isbn13) addWork(seen, title, author, key, isbn13, createRng(hashString(`${seed}:open-work:${key}|${isbn13}`)));
      return seen;
    }
    const rng = createRng(hashString(`${seed}:open:${key}`));
    const hasCover = rng.chance(coverShare);
    const decoyFirst = rng.chance(0.3);
    const decoys: Omit<GoogleEntry, "id" | "thumbnail">[] = [];
    if (rng.chance(0.35)) decoys.push({ title, authors: [namesake(author, rng)], kind: "same_title" });
    if (rng.chance(0.2)) {
      const illustrator = `${rng.pick(OTHER_GIVEN)} ${rng.pick(OTHER_SURNAMES)}`;
      decoys.push({ title, subtitle: "The Graphic Novel", authors: [author, illustrator], kind: "adaptation" });
    }
    if (rng.chance(0.2)) decoys.push({ title: `${title} ${rng.pick(SEQUEL_WORDS)}`, authors: [author], kind: "near_miss" });

    const editionCount = rng.int(2, 40);
    const entry: LibraryEntry = {
      goodreadsId: "",
      title,
      author,
      findable: hasCover,
      via: hasCover ? "google" : null,
      trueCoverIds: [],
      trueGoogleIds: [],
      status: "want-to-read",
    };
    known.set(key, entry);
    addWork(entry, title, author, key, isbn13, rng, editionCount);
    catalogue.library.push(entry);
    catalogue.stats.books++;
    if (hasCover) catalogue.stats.findable++;
    const truth = { title, authors: [author], kind: "true" as const };
    const ordered = hasCover ? (decoyFirst ? [...decoys, truth] : [truth, ...decoys]) : decoys;
    for (const volume of ordered) {
      const id = addVolume(volume, key);
      if (volume.kind === "true") entry.trueGoogleIds.push(id);
    }
    return entry;
  };

  /** The book's Open Library work (with its edition of `isbn13`, when Open Library knows that ISBN). */
  function addWork(
    entry: LibraryEntry,
    title: string,
    author: string,
    key: string,
    isbn13: string | undefined,
    rng: Rng,
    editionCount = rng.int(2, 40),
  ) {
    const fate = isbn13 ? isbnFate(key, isbn13) : null;
    if (isbn13) knownIsbns.add(isbn13);
    catalogue.works.push({
      key: `/works/OL${catalogue.works.length + 1}W`,
      title,
      authors: [author],
      coverId: fate?.coverId ?? null,
      editionCount,
      isbns: fate && isbn13 ? [isbn13] : [],
      kind: "true",
    });
    if (!fate || !isbn13) return;
    catalogue.editions.set(isbn13, {
      olid: `OL${catalogue.editions.size + 1}M`,
      isbn13,
      title,
      authors: [author],
      coverId: fate.on === "edition" ? fate.coverId : null,
    });
    catalogue.coverIds.add(fate.coverId);
    olArt.set(fate.coverId, { title, authors: [author] });
    entry.isbn13 ??= isbn13;
    entry.trueCoverIds.push(fate.coverId);
    if (!entry.findable) catalogue.stats.findable++;
    entry.findable = true;
    entry.via ??= fate.on === "edition" ? "books_api" : "search";
    catalogue.stats.withIsbn++;
  }

  const trueCover = (title: string, author: string): string | undefined => {
    const id = learn(title, author)?.trueGoogleIds[0];
    return id === undefined ? undefined : imageUrl(id);
  };

  return {
    catalogue,
    learn: (title, author, isbn) => void learn(title, author, isbn),
    coverArt: (id) => art.get(id),
    openLibraryCoverArt: (id) => olArt.get(id),
    trueCover,
  };
}

/** The title and author a cover-source request asks about, if it is a title + author search. */
export function searchedBook(url: URL): { title: string; author: string } | null {
  if (url.hostname === "openlibrary.org" && url.pathname === "/search.json") {
    const title = url.searchParams.get("title") ?? "";
    const author = url.searchParams.get("author") ?? "";
    return title && author ? { title, author } : null;
  }
  if (url.hostname === "www.googleapis.com" && url.pathname === "/books/v1/volumes") {
    const q = url.searchParams.get("q") ?? "";
    const title = /intitle:(?:"([^"]*)"|(\S+))/.exec(q);
    const author = /inauthor:(?:"([^"]*)"|(\S+))/.exec(q);
    if (!title || !author) return null;
    return { title: (title[1] ?? title[2]).trim(), author: (author[1] ?? author[2]).trim() };
  }
  return null;
}

export interface OpenCatalogueEmulator extends Emulator {
  open: OpenCatalogue;
}

/**
 * The emulator over an open catalogue: handlers that learn each searched book first (they answer
 * nothing, so the request falls through), then the benchmark emulator's own handlers.
 */
export function createOpenCatalogueEmulator(options: OpenCatalogueOptions, config: BenchConfig, rng: Rng): OpenCatalogueEmulator {
  const open = createOpenCatalogue(options);
  const learnFrom = ({ request }: { request: Request }) => {
    const book = searchedBook(new URL(request.url));
    if (book) open.learn(book.title, book.author);
    return undefined;
  };
  const learners: HttpHandler[] = [
    http.get("https://openlibrary.org/search.json", learnFrom),
    http.get("https://www.googleapis.com/books/v1/volumes", learnFrom),
  ];
  const emulator = createEmulator(open.catalogue, config, rng);
  return { open, stats: emulator.stats, handlers: [...learners, ...emulator.handlers] };
}
