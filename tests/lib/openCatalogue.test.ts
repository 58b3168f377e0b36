// The benchmark emulator over an open catalogue (scripts/bench/openCatalogue.ts): what the offline
// backend answers cover lookups with. Driven through the real lookup (lib/backfill/runBatch.ts).
import { DEFAULT_CONFIG, type BenchConfig } from "../../scripts/bench/config";
import { createRng } from "../../scripts/bench/model";
import { createOpenCatalogue, createOpenCatalogueEmulator, searchedBook } from "../../scripts/bench/openCatalogue";
import { OFFLINE_COVER_ORIGIN_ENV } from "@/lib/cover/coverUrl";
import { isbnFor } from "../support/importRows";
import { lookUpLocally, lookUpOne } from "../support/localLookup";
import { server } from "../msw/server";

const IMAGE_ORIGIN = "http://127.0.0.1:4999";
const imageUrl = (id: string) => `${IMAGE_ORIGIN}/books/content?id=${id}&img=1`;

/** Fast and fault-free: only the catalogue decides. */
const CONFIG: BenchConfig = {
  ...DEFAULT_CONFIG,
  searchMedianMs: 1,
  searchP95Ms: 1,
  booksApiMedianMs: 1,
  booksApiP95Ms: 1,
  timeoutRate: 0,
  errorRate: 0,
  rateLimit: 0,
  olPerMinute: 0,
  olRequireContact: false,
};

const BOOKS = Array.from({ length: 60 }, (_, i) => ({
  title: `The ${["Silent", "Paper", "Amber", "Winter", "Velvet", "Iron"][i % 6]} ${["Harbour", "Lantern", "Orchard", "Atlas", "Compass"][i % 5]} ${i}`,
  author: `${["Ada", "Nora", "Hugo", "Iris"][i % 4]} ${["Quill", "Marsh", "Thorne", "Vale", "Ashby"][i % 5]}`,
}));

describe("open catalogue", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("decides each book from its title and author alone, whatever the order", () => {
    const forward = createOpenCatalogue({ seed: 1, imageUrl });
    const backward = createOpenCatalogue({ seed: 1, imageUrl });
    for (const b of BOOKS) forward.learn(b.title, b.author);
    for (const b of [...BOOKS].reverse()) backward.learn(b.title, b.author);
    const fate = (c: ReturnType<typeof createOpenCatalogue>) =>
      Object.fromEntries(c.catalogue.library.map((e) => [e.title, e.trueGoogleIds.join()]));
    expect(fate(backward)).toEqual(fate(forward));
    forward.learn(BOOKS[0].title.toUpperCase(), BOOKS[0].author);
    expect(forward.catalogue.library).toHaveLength(BOOKS.length);
  });

  it("serves images of the true volumes and decoys from the caller's origin", () => {
    const open = createOpenCatalogue({ seed: 1, imageUrl });
    for (const b of BOOKS) open.learn(b.title, b.author);
    expect(open.catalogue.stats.decoys).toBeGreaterThan(0);
    for (const g of open.catalogue.google) {
      expect(g.thumbnail).toBe(imageUrl(g.id));
      expect(open.coverArt(g.id)).toMatchObject({ title: g.title, authors: g.authors });
    }
    expect(open.coverArt("nope")).toBeUndefined();
  });

  it("reads the searched book from Open Library and Google search URLs only", () => {
    expect(searchedBook(new URL("https://openlibrary.org/search.json?title=Dune&author=Frank+Herbert"))).toEqual({
      title: "Dune",
      author: "Frank Herbert",
    });
    const q = encodeURIComponent('intitle:"The Left Hand" inauthor:"Ursula Le Guin"');
    expect(searchedBook(new URL(`https://www.googleapis.com/books/v1/volumes?q=${q}&key=k`))).toEqual({
      title: "The Left Hand",
      author: "Ursula Le Guin",
    });
    expect(searchedBook(new URL("https://www.googleapis.com/books/v1/volumes?q=isbn:9780441013593"))).toBeNull();
    expect(searchedBook(new URL("https://openlibrary.org/api/books?bibkeys=ISBN:9780441013593"))).toBeNull();
  });

  it("covers most books through the real lookup, never with a decoy's image, and some not at all", async () => {
    vi.stubEnv(OFFLINE_COVER_ORIGIN_ENV, IMAGE_ORIGIN);
    const emulator = createOpenCatalogueEmulator({ seed: 1, imageUrl }, CONFIG, createRng(1));
    server.use(...emulator.handlers);
    const results = [];
    for (const book of BOOKS)
      results.push(await lookUpOne({ ...book, isbn: "9780441013593" }, { env: { GOOGLE_BOOKS_API_KEY: "offline" } }));

    const truth = new Map(emulator.open.catalogue.library.map((e) => [e.title, e.trueGoogleIds]));
    let covered = 0;
    results.forEach((r, i) => {
      if (!("apiCoverUrl" in r)) {
        expect(r).toEqual({ reason: "not_found" });
        expect(truth.get(BOOKS[i].title)).toEqual([]);
        return;
      }
      covered++;
      expect(r.apiSource).toBe("google-books");
      const id = new URL(r.apiCoverUrl).searchParams.get("id");
      expect(truth.get(BOOKS[i].title)).toEqual([id]);
    });
    expect(covered / BOOKS.length).toBeGreaterThan(0.65);
    expect(covered / BOOKS.length).toBeLessThan(0.95);
    // Open Library was asked (by ISBN and by title) and knew no cover; Google answered.
    expect(emulator.stats.byEndpoint.booksApi).toBe(BOOKS.length);
    expect(emulator.stats.byEndpoint.search).toBe(2 * BOOKS.length);
  });

  it("answers ISBN batches first for books learnt with their ISBN, with Open Library covers on the caller's origin", async () => {
    vi.stubEnv(OFFLINE_COVER_ORIGIN_ENV, IMAGE_ORIGIN);
    const emulator = createOpenCatalogueEmulator({ seed: 1, imageUrl }, CONFIG, createRng(1));
    server.use(...emulator.handlers);
    // What the offline backend does when a reader adds a book with an ISBN.
    const books = BOOKS.map((b, i) => ({ id: `b${i}`, ...b, isbn: isbnFor(i + 1) }));
    for (const b of books) emulator.open.learn(b.title, b.author, b.isbn);

    const { records } = await lookUpLocally(books, { env: { GOOGLE_BOOKS_API_KEY: "offline" } });
    const entries = new Map(emulator.open.catalogue.library.map((e) => [e.title, e]));
    let fromOpenLibrary = 0;
    records.forEach((r, i) => {
      const entry = entries.get(books[i].title)!;
      if (r.state.phase !== "written") {
        expect(entry.trueCoverIds).toEqual([]);
        return;
      }
      if (r.state.source !== "open-library") return;
      fromOpenLibrary++;
      // The cover id's form on the caller's origin, one of this book's own covers, showing this book.
      const id = Number(/^\/b\/id\/(\d+)-L\.jpg$/.exec(new URL(r.state.url).pathname)?.[1]);
      expect(new URL(r.state.url).origin).toBe(IMAGE_ORIGIN);
      expect(entry.trueCoverIds).toContain(id);
      expect(emulator.open.openLibraryCoverArt(id)).toEqual({ title: books[i].title, authors: [books[i].author] });
    });
    // About 80% of the editions have a cover (on the edition or its work): found by ISBN, in two batch requests.
    expect(fromOpenLibrary / books.length).toBeGreaterThan(0.6);
    expect(fromOpenLibrary / books.length).toBeLessThan(0.95);
    const asked = emulator.stats.log.filter(([, endpoint]) => endpoint === "search").length;
    const titleSearches = books.length - fromOpenLibrary;
    expect(asked).toBeLessThanOrEqual(2 + titleSearches);
    expect(emulator.open.openLibraryCoverArt(1)).toBeUndefined();
  });

  it("learns an ISBN once, and a further edition of a known book as another work", () => {
    const open = createOpenCatalogue({ seed: 1, imageUrl, isbnCoverShare: 1, isbnWorkCoverShare: 0 });
    open.learn(BOOKS[0].title, BOOKS[0].author);
    open.learn(BOOKS[0].title, BOOKS[0].author, isbnFor(1));
    open.learn(BOOKS[0].title, BOOKS[0].author, isbnFor(1));
    open.learn(BOOKS[0].title, BOOKS[0].author, isbnFor(2));
    expect(open.catalogue.library).toHaveLength(1);
    expect(open.catalogue.works.map((w) => w.isbns)).toEqual([[], [isbnFor(1)], [isbnFor(2)]]);
    expect(open.catalogue.library[0].trueCoverIds).toHaveLength(2);
    expect([...open.catalogue.editions.keys()]).toEqual([isbnFor(1), isbnFor(2)]);
  });
});
