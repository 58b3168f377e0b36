/**
 * Filling a reader's library in one go, for the large-wall journeys and `npm run bench:wall`
 * (`POST /_dev/seed-library`, only when the backend was started with `devSeeding`). Importing
 * 20,000 books through `imports.commit` would take convex-test many minutes; this writes the
 * books straight through the app's own write helpers (convex/model/bookWrites.ts), so counts,
 * listing keys and shelves are kept exactly as every other write keeps them.
 *
 * The library: generated titles and authors (deterministic), statuses, ratings and some shelves.
 * The newest `missingCovers` books have no cover and were never looked up (like a fresh import);
 * the older ones have the found cover the emulated catalogue holds for them, or, where it holds
 * none, a failed lookup in back-off (so a bulk run leaves them alone).
 */
import type { Id } from "../../convex/_generated/dataModel";
import { insertBook } from "../../convex/model/bookWrites";
import { dedupKeyFor } from "../../lib/books/text";
import type { OpenCatalogue } from "../../scripts/bench/openCatalogue";
import type { ConvexRuntime } from "./convexRuntime";

export interface SeedLibraryRequest {
  books: number;
  /** The newest books that have no cover yet (default 0). */
  missingCovers?: number;
}

export const MAX_SEEDED_BOOKS = 25_000;
/** Books written per transaction. */
const SEED_CHUNK = 1_000;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

const ADJECTIVES = [
  "Silent",
  "Amber",
  "Hollow",
  "Northern",
  "Paper",
  "Glass",
  "Winter",
  "Hidden",
  "Copper",
  "Distant",
  "Salt",
  "Quiet",
];
const NOUNS = [
  "Orchard",
  "Harbour",
  "Lantern",
  "Meridian",
  "Archive",
  "Garden",
  "Compass",
  "Tide",
  "Atlas",
  "Observatory",
  "Bridge",
  "River",
];
const GIVEN = ["Ada", "Bram", "Celia", "Dmitri", "Esme", "Farid", "Greta", "Hiro", "Ines", "Jonah", "Kezia", "Lior"];
const SURNAMES = [
  "Ashdown",
  "Brightwater",
  "Calloway",
  "Dunmore",
  "Everly",
  "Fairweather",
  "Grantham",
  "Holloway",
  "Iverson",
  "Jessop",
];
const STATUSES = ["read", "want-to-read", "currently-reading", "did-not-finish"] as const;

/** The n-th generated book (n from 0). Titles are unique; authors repeat. */
export function seededBook(n: number): { title: string; author: string } {
  const a = ADJECTIVES[n % ADJECTIVES.length];
  const b = NOUNS[Math.floor(n / ADJECTIVES.length) % NOUNS.length];
  const author = `${GIVEN[n % GIVEN.length]} ${SURNAMES[Math.floor(n / GIVEN.length) % SURNAMES.length]}`;
  return { title: `The ${a} ${b} ${n + 1}`, author };
}

export class SeedRequestError extends Error {}

export function validateSeedRequest(body: unknown): Required<SeedLibraryRequest> {
  const { books, missingCovers = 0 } = (typeof body === "object" && body !== null ? body : {}) as SeedLibraryRequest;
  if (!Number.isInteger(books) || books < 1 || books > MAX_SEEDED_BOOKS) {
    throw new SeedRequestError(`books must be a whole number from 1 to ${MAX_SEEDED_BOOKS}.`);
  }
  if (!Number.isInteger(missingCovers) || missingCovers < 0 || missingCovers > books) {
    throw new SeedRequestError("missingCovers must be a whole number from 0 to books.");
  }
  return { books, missingCovers };
}

/** Writes the library for `userId`, oldest book first; returns how many books it wrote. */
export async function seedLibrary(
  runtime: ConvexRuntime,
  open: OpenCatalogue,
  userId: Id<"users">,
  request: Required<SeedLibraryRequest>,
): Promise<number> {
  const now = Date.now();
  for (let start = 0; start < request.books; start += SEED_CHUNK) {
    const end = Math.min(start + SEED_CHUNK, request.books);
    const books = Array.from({ length: end - start }, (_, i) => {
      const n = start + i;
      const { title, author } = seededBook(n);
      const missing = n >= request.books - request.missingCovers;
      const cover = missing ? undefined : open.trueCover(title, author);
      return {
        userId,
        title,
        author,
        status: STATUSES[n % STATUSES.length],
        dedupKey: dedupKeyFor(title, author),
        ...(n % 3 === 0 ? { rating: 1 + (n % 17) * 0.25 } : {}),
        ...(n % 10 === 0 ? { shelves: [n % 20 === 0 ? "favourites" : "book-club"] } : {}),
        ...(cover ? { apiCoverUrl: cover, apiSource: "google-books" as const } : {}),
        ...(!missing && !cover
          ? { coverAttemptedAt: now, coverAttempts: 1, coverLastReason: "not_found" as const, coverRetryAt: now + WEEK_MS }
          : {}),
        createdAt: now + n,
        updatedAt: now + n,
      };
    });
    await runtime.t.run(async (ctx) => {
      for (const book of books) await insertBook(ctx, book);
    });
  }
  return request.books;
}
