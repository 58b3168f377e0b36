/**
 * The benchmark's generated world: a reader's library and what the cover sources know about it.
 *
 * For each library book the generator decides, from the seed, whether it has an ISBN and whether
 * its cover is "findable" (reachable by a correct client: an Open Library edition with a cover for
 * its ISBN, or a work with a cover that search returns for its title and author, or, with Google
 * on, a Google volume with an image), and adds the catalogue entries and decoys:
 *
 * - same title, another author (sharing a first name or a surname, so a fuzzy search returns it);
 * - near-miss titles by the same author ("<title> Returns");
 * - same-author adaptations ("<title>: The Graphic Novel"), which only a matcher that accepts a
 *   missing subtitle takes.
 *
 * Decoys have covers, and may rank before the true book, so a careless matcher stores wrong covers.
 * Each book's true covers (Open Library cover ids, Google volume ids) are kept to count them.
 */
import { isbn13To10 } from "../../lib/books/isbn";
import type { BenchConfig } from "./config";
import { createRng, type Rng } from "./model";

/** One book of the reader's library, with the truth about its cover. */
export interface LibraryEntry {
  /** Goodreads "Book Id"; titles are unique too, and key the book in the DB. */
  goodreadsId: string;
  /** As the reader has it (may carry a Goodreads series suffix). */
  title: string;
  /** "First Last". */
  author: string;
  isbn13?: string;
  /** A correct client can store one of its true covers. */
  findable: boolean;
  /** How a correct client finds it: "books_api" (ISBN), "search" (title + author), "google", or null. */
  via: "books_api" | "search" | "google" | null;
  /** Open Library cover ids that are this book's (edition and work). */
  trueCoverIds: number[];
  /** Google volume ids that are this book's. */
  trueGoogleIds: string[];
  status: "want-to-read" | "currently-reading" | "read";
}

/** An Open Library edition, served by the Books API and /isbn/<isbn>.json. */
export interface OlEdition {
  olid: string;
  isbn13: string;
  title: string;
  subtitle?: string;
  authors: string[];
  coverId: number | null;
}

/** An Open Library work, served by search.json. */
export interface OlWork {
  key: string;
  title: string;
  subtitle?: string;
  authors: string[];
  coverId: number | null;
  editionCount: number;
  isbns: string[];
  /** "true" | "same_title" | "near_miss" | "adaptation": for the report only. */
  kind: "true" | "same_title" | "near_miss" | "adaptation";
}

/** A Google Books volume. */
export interface GoogleEntry {
  id: string;
  isbn13?: string;
  title: string;
  subtitle?: string;
  authors: string[];
  kind: OlWork["kind"];
  /** `imageLinks.thumbnail` as served; default: Google's books.google.com content URL for `id`. */
  thumbnail?: string;
}

export interface Catalogue {
  library: LibraryEntry[];
  editions: Map<string, OlEdition>;
  works: OlWork[];
  google: GoogleEntry[];
  /** Cover ids the image host serves. */
  coverIds: Set<number>;
  /** Google volume ids the image host serves. */
  googleImageIds: Set<string>;
  stats: { books: number; withIsbn: number; findable: number; decoys: number };
}

const ADJECTIVES = [
  "Silent",
  "Hollow",
  "Crimson",
  "Gilded",
  "Broken",
  "Quiet",
  "Northern",
  "Hidden",
  "Burning",
  "Distant",
  "Paper",
  "Glass",
  "Iron",
  "Velvet",
  "Salt",
  "Amber",
  "Winter",
  "Summer",
  "Last",
  "Lost",
  "Bitter",
  "Sweet",
  "Wild",
  "Secret",
  "Wandering",
  "Drowned",
  "Painted",
  "Forgotten",
  "Electric",
  "Golden",
  "Silver",
  "Shattered",
  "Sleeping",
  "Restless",
  "Midnight",
  "Morning",
  "Faded",
  "Endless",
  "Little",
  "Second",
  "Crooked",
  "Hungry",
  "Lonely",
  "Patient",
  "Restored",
  "Stolen",
  "Sunken",
  "Tender",
  "Unquiet",
  "Vanishing",
];
const NOUNS = [
  "Harbour",
  "Orchard",
  "Lantern",
  "Kingdom",
  "River",
  "Garden",
  "Mirror",
  "Library",
  "Island",
  "Compass",
  "Archive",
  "Lighthouse",
  "Meadow",
  "Station",
  "Cathedral",
  "Forest",
  "Bridge",
  "Tower",
  "Cartographer",
  "Orchestra",
  "Daughter",
  "Witness",
  "Stranger",
  "Sparrow",
  "Tide",
  "Ember",
  "Hollow",
  "Canyon",
  "Atlas",
  "Voyage",
  "Festival",
  "Season",
  "Promise",
  "Inheritance",
  "Ceremony",
  "Chronicle",
  "Alchemist",
  "Gardener",
  "Weaver",
  "Clockmaker",
  "Ferryman",
  "Beekeeper",
  "Glassblower",
  "Astronomer",
  "Physician",
  "Mapmaker",
  "Lacemaker",
  "Bookbinder",
  "Shepherd",
  "Pilot",
];
const PLACES = [
  "Avalon",
  "Brightwater",
  "Caldera",
  "Dunmore",
  "Eastwick",
  "Farrow",
  "Glenhaven",
  "Harrowgate",
  "Ivybridge",
  "Juniper",
  "Kestrel Bay",
  "Larkspur",
  "Marlow",
  "Norwick",
  "Oakhurst",
  "Pembrook",
  "Quarry Hill",
  "Ravensfield",
  "Saltmarsh",
  "Thornbury",
];
const GIVEN = [
  "Maren",
  "Anna",
  "Tobias",
  "Ingrid",
  "Felix",
  "Clara",
  "Jonas",
  "Elena",
  "Hugo",
  "Lena",
  "Oskar",
  "Sofia",
  "Matteo",
  "Greta",
  "Nils",
  "Ada",
  "Rafael",
  "Iris",
  "Samuel",
  "Nora",
  "Theo",
  "Alma",
  "Viktor",
  "Mira",
  "Julian",
  "Edith",
  "Casper",
  "Lydia",
  "Anton",
  "Vera",
];
const SURNAMES = [
  "Quillfeather",
  "Holloway",
  "Marchetti",
  "Lindqvist",
  "Okafor",
  "Delacroix",
  "Brandt",
  "Castellano",
  "Whitlock",
  "Nakamura",
  "Fairbanks",
  "Hargreave",
  "Ivanova",
  "Kowalczyk",
  "Ashdown",
  "Bellweather",
  "Carrow",
  "Drummond",
  "Ellery",
  "Fenwick",
  "Galloway",
  "Hawthorne",
  "Ingram",
  "Jessop",
  "Kilbride",
  "Larkin",
  "Montague",
  "Northcott",
  "Oyelaran",
  "Pennington",
  "Radcliffe",
  "Sinclair",
  "Thorne",
  "Underwood",
  "Vance",
  "Wexford",
  "Yardley",
  "Zielinski",
  "Abernathy",
  "Blackwood",
];
const SERIES = ["Harbour Saga", "The Lantern Cycle", "Chronicles of Farrow", "The Glass Trilogy", "Saltmarsh Mysteries"];
const SUBTITLES = ["A Novel", "A Memoir", "Stories", "A Mystery", "An Adventure", "A Love Story"];
const SEQUEL_WORDS = ["Returns", "Rising", "Revisited", "Reborn", "Again"];

function titleFor(rng: Rng): string {
  const a = rng.pick(ADJECTIVES);
  const n = rng.pick(NOUNS);
  switch (rng.int(0, 4)) {
    case 0:
      return `The ${a} ${n}`;
    case 1:
      return `${a} ${n}`;
    case 2:
      return `The ${n} of ${rng.pick(PLACES)}`;
    case 3:
      return `A ${n} in ${rng.pick(PLACES)}`;
    default:
      return `The ${a} ${n} of ${rng.pick(PLACES)}`;
  }
}

/** The key two titles collide on (case, article, punctuation). */
function titleKey(title: string): string {
  return title
    .toLowerCase()
    .replace(/^(the|a|an) /, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function isbn13From(rng: Rng): string {
  const first12 = `978${String(rng.int(0, 999_999_999)).padStart(9, "0")}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(first12[i]);
  return first12 + String((10 - (sum % 10)) % 10);
}

/**
 * Generates a library of `books` books and the catalogue around it. `label` separates worlds
 * generated from the same seed (the batch library and the import library differ).
 */
export function generateCatalogue(config: BenchConfig, books: number, label: string): Catalogue {
  const rng = createRng(config.seed).fork(`catalogue:${label}`);
  const library: LibraryEntry[] = [];
  const editions = new Map<string, OlEdition>();
  const works: OlWork[] = [];
  const google: GoogleEntry[] = [];
  const coverIds = new Set<number>();
  const googleImageIds = new Set<string>();
  const usedTitles = new Set<string>();
  const usedIsbns = new Set<string>();
  let nextCoverId = 100_000 + rng.int(0, 99_999) * 10;
  let nextWork = 1;
  let nextEdition = 1;
  let decoys = 0;

  // A pool of authors: readers own several books by the same author.
  const authorPool = Array.from({ length: Math.max(8, Math.ceil(books * 0.6)) }, () => ({
    given: rng.pick(GIVEN),
    surname: rng.pick(SURNAMES),
  }));

  const newCover = () => {
    const id = nextCoverId++;
    coverIds.add(id);
    return id;
  };
  const reserveTitle = (t: string) => {
    const k = titleKey(t);
    if (usedTitles.has(k)) return false;
    usedTitles.add(k);
    return true;
  };
  const addWork = (w: Omit<OlWork, "key">) => {
    const work = { ...w, key: `/works/OL${nextWork++}W` };
    works.push(work);
    return work;
  };
  const addGoogle = (g: Omit<GoogleEntry, "id">): string => {
    const id = `bench${String(google.length).padStart(6, "0")}AAAJ`;
    google.push({ ...g, id });
    googleImageIds.add(id);
    return id;
  };

  for (let i = 0; i < books; i++) {
    let base = titleFor(rng);
    for (let tries = 0; !reserveTitle(base) && tries < 50; tries++) base = titleFor(rng);
    if (!usedTitles.has(titleKey(base))) {
      base = `${base} ${i}`;
      reserveTitle(base);
    }
    const who = rng.pick(authorPool);
    const author = `${who.given} ${who.surname}`;
    const hasIsbn = rng.chance(config.isbnShare);
    let isbn13: string | undefined;
    if (hasIsbn) {
      do isbn13 = isbn13From(rng);
      while (usedIsbns.has(isbn13));
      usedIsbns.add(isbn13);
    }
    const libraryTitle = rng.chance(config.seriesSuffixRate) ? `${base} (${rng.pick(SERIES)}, #${rng.int(1, 6)})` : base;
    const subtitle = rng.chance(config.subtitleRate) ? rng.pick(SUBTITLES) : undefined;
    const popularity = rng.int(2, 40);

    const entry: LibraryEntry = {
      goodreadsId: String(1_000_000 + i * 7 + rng.int(0, 6)),
      title: libraryTitle,
      author,
      ...(isbn13 ? { isbn13 } : {}),
      findable: false,
      via: null,
      trueCoverIds: [],
      trueGoogleIds: [],
      status: rng.pick(["read", "read", "want-to-read", "want-to-read", "currently-reading"] as const),
    };

    // What Open Library knows about the book itself.
    let editionCover: number | null = null;
    let workCover: number | null = null;
    let inOpenLibrary = true;
    if (isbn13) {
      if (rng.chance(config.isbnFindable)) {
        if (rng.chance(config.isbnSearchOnlyShare)) {
          workCover = newCover();
          entry.via = "search";
        } else {
          editionCover = newCover();
          workCover = editionCover;
          entry.via = "books_api";
        }
      } else {
        inOpenLibrary = rng.chance(0.5); // else: an edition and work without any cover
      }
      if (inOpenLibrary) {
        editions.set(isbn13, {
          olid: `OL${nextEdition++}M`,
          isbn13,
          title: base,
          ...(subtitle ? { subtitle } : {}),
          authors: [author],
          coverId: editionCover,
        });
      }
    } else if (rng.chance(config.titleFindable)) {
      workCover = newCover();
      entry.via = "search";
    } else {
      inOpenLibrary = rng.chance(0.5);
    }
    if (inOpenLibrary) {
      addWork({
        title: base,
        ...(subtitle ? { subtitle } : {}),
        authors: [author],
        coverId: workCover,
        editionCount: popularity,
        isbns: isbn13 ? [isbn13] : [],
        kind: "true",
      });
    }
    if (editionCover !== null) entry.trueCoverIds.push(editionCover);
    if (workCover !== null && workCover !== editionCover) entry.trueCoverIds.push(workCover);

    if (config.google && rng.chance(config.googleCoverage)) {
      const id = addGoogle({
        ...(isbn13 ? { isbn13 } : {}),
        title: base,
        ...(subtitle ? { subtitle } : {}),
        authors: [author],
        kind: "true",
      });
      entry.trueGoogleIds.push(id);
      if (!entry.via) entry.via = "google";
    }
    entry.findable = entry.via !== null;

    // Decoys: covers that are not this book's.
    const decoyPopularity = () => (rng.chance(config.decoyFirstRate) ? popularity + rng.int(1, 30) : rng.int(1, popularity - 1));
    const decoyAuthors: string[][] = [];
    if (rng.chance(config.decoySameTitleRate)) {
      const other = rng.chance(0.5)
        ? `${who.given} ${rng.pick(SURNAMES.filter((s) => s !== who.surname))}`
        : `${rng.pick(GIVEN.filter((g) => g !== who.given))} ${who.surname}`;
      decoyAuthors.push([other]);
      addWork({
        title: base,
        authors: [other],
        coverId: newCover(),
        editionCount: decoyPopularity(),
        isbns: [],
        kind: "same_title",
      });
      if (config.google) addGoogle({ title: base, authors: [other], kind: "same_title" });
      decoys++;
    }
    if (rng.chance(config.decoyNearMissRate)) {
      const sequel = `${base} ${rng.pick(SEQUEL_WORDS)}`;
      if (reserveTitle(sequel)) {
        addWork({
          title: sequel,
          authors: [author],
          coverId: newCover(),
          editionCount: decoyPopularity(),
          isbns: [],
          kind: "near_miss",
        });
        decoys++;
      }
    }
    if (rng.chance(config.decoyAdaptationRate)) {
      const illustrator = `${rng.pick(GIVEN)} ${rng.pick(SURNAMES)}`;
      addWork({
        title: base,
        subtitle: "The Graphic Novel",
        authors: [author, illustrator],
        coverId: newCover(),
        editionCount: decoyPopularity(),
        isbns: [],
        kind: "adaptation",
      });
      if (config.google) {
        addGoogle({ title: base, subtitle: "The Graphic Novel", authors: [author, illustrator], kind: "adaptation" });
      }
      decoys++;
    }
    library.push(entry);
  }

  return {
    library,
    editions,
    works,
    google,
    coverIds,
    googleImageIds,
    stats: {
      books: library.length,
      withIsbn: library.filter((b) => b.isbn13).length,
      findable: library.filter((b) => b.findable).length,
      decoys,
    },
  };
}

/** Judges a stored cover URL against the book's true covers. */
export function isTrueCover(entry: LibraryEntry, url: string): boolean {
  const ol = /^https:\/\/covers\.openlibrary\.org\/b\/id\/(\d+)-[SML]\.jpg$/.exec(url);
  if (ol) return entry.trueCoverIds.includes(Number(ol[1]));
  try {
    const u = new URL(url);
    if (u.hostname === "books.google.com") return entry.trueGoogleIds.includes(u.searchParams.get("id") ?? "");
  } catch {
    return false;
  }
  return false;
}

/* ------------------------------------------------------------ Goodreads CSV */

const GOODREADS_HEADER =
  "Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies";

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The library as a Goodreads "library export" CSV (the real import's input). */
export function toGoodreadsCsv(library: readonly LibraryEntry[], seed: number): string {
  const rng = createRng(seed).fork("goodreads");
  const shelf = { read: "read", "want-to-read": "to-read", "currently-reading": "currently-reading" } as const;
  const lines = [GOODREADS_HEADER];
  for (const b of library) {
    const [given, ...rest] = b.author.split(" ");
    const isbn10 = b.isbn13 ? (isbn13To10(b.isbn13) ?? "") : "";
    const year = rng.int(1950, 2024);
    const read = b.status === "read";
    const cells = [
      b.goodreadsId,
      b.title,
      b.author,
      `${rest.join(" ")}, ${given}`,
      "",
      `="${isbn10}"`,
      `="${b.isbn13 ?? ""}"`,
      String(read ? rng.int(0, 5) : 0),
      (3 + rng.next() * 2).toFixed(2),
      "Example House",
      rng.pick(["Hardcover", "Paperback", "Kindle Edition"]),
      String(rng.int(90, 900)),
      String(year),
      String(year),
      read ? `20${rng.int(10, 24)}/0${rng.int(1, 9)}/1${rng.int(0, 9)}` : "",
      `20${rng.int(10, 24)}/0${rng.int(1, 9)}/2${rng.int(0, 8)}`,
      "",
      "",
      shelf[b.status],
      "",
      "",
      "",
      read ? "1" : "0",
      "0",
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return lines.join("\n") + "\n";
}
