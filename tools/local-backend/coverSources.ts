/**
 * The cover sources as the offline backend's functions meet them: the benchmark's emulator
 * (scripts/bench/emulator.ts) over an open catalogue (scripts/bench/openCatalogue.ts), answering
 * in-process. The global `fetch` of this process is replaced: a request the emulator handles gets
 * its answer, any other one fails like an unreachable host, so the backend never reaches the network.
 *
 * Google Books answers with images on the backend's own origin, in Google's image URL shape
 * (`/books/content?id=<volume id>`, so they carry the same source keys), which this process (only)
 * adds to the cover allowlist (lib/cover/coverUrl.ts, FOLIO_OFFLINE_COVER_ORIGIN).
 */
import { getResponse } from "msw";
import { OFFLINE_COVER_ORIGIN_ENV } from "../../lib/cover/coverUrl";
import { DEFAULT_CONFIG, type BenchConfig } from "../../scripts/bench/config";
import { createRng } from "../../scripts/bench/model";
import { createOpenCatalogueEmulator, type OpenCatalogue } from "../../scripts/bench/openCatalogue";

/** Quick, fault-free sources: lookups take a few hundred ms, so a reader sees "Finding cover…". */
const OFFLINE_SOURCES: BenchConfig = {
  ...DEFAULT_CONFIG,
  searchMedianMs: 150,
  searchP95Ms: 450,
  booksApiMedianMs: 120,
  booksApiP95Ms: 300,
  timeoutRate: 0,
  errorRate: 0,
  rateLimit: 0,
  olPerMinute: 0,
  arrivalJitterMs: 0,
};

export interface CoverSources {
  open: OpenCatalogue;
  /** Outbound requests refused (not a cover source): counted, never their URLs. */
  refused: () => number;
}

export function installCoverSources({ origin, seed = 1 }: { origin: string; seed?: number }): CoverSources {
  const emulator = createOpenCatalogueEmulator(
    { seed, imageUrl: (id) => `${origin}/books/content?id=${id}&img=1` },
    { ...OFFLINE_SOURCES, seed },
    createRng(seed).fork("offline-backend"),
  );
  let refused = 0;
  const offlineFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await getResponse(emulator.handlers, request);
    if (response) return response;
    refused++;
    console.warn(`[offline backend] refused an outbound request to ${new URL(request.url).host} (no network here)`);
    throw new TypeError("fetch failed: the offline backend makes no outbound requests");
  };
  globalThis.fetch = offlineFetch;
  process.env.GOOGLE_BOOKS_API_KEY = "offline-backend";
  process.env[OFFLINE_COVER_ORIGIN_ENV] = origin;
  return { open: emulator.open, refused: () => refused };
}
