/**
 * Settings of `npm run bench:covers`, with their defaults (the "default model" of issue 5).
 *
 * Every setting can be given as a flag after `--` (`--seed 7`, `--search-median-ms=900`,
 * `--google`, `--no-baseline`) or as an environment variable (`BENCH_SEED=7`,
 * `BENCH_SEARCH_MEDIAN_MS=900`, `BENCH_GOOGLE=1`). Flags win over environment variables.
 * `--help` lists them.
 */

export interface BenchConfig {
  /** PRNG seed: same seed, same catalogue, same latencies and faults for the same request sequence. */
  seed: number;
  /** Open Library search.json and Google volumes latency: median and p95 (lognormal). */
  searchMedianMs: number;
  searchP95Ms: number;
  /** Open Library Books API and /isbn/<isbn>.json latency. */
  booksApiMedianMs: number;
  booksApiP95Ms: number;
  /** Cover image download latency (the baseline's verification GETs). */
  imageMedianMs: number;
  imageP95Ms: number;
  /** Share of requests that hang beyond the client's 5 s timeout. */
  timeoutRate: number;
  /** Share of requests answered with HTTP 500/502. */
  errorRate: number;
  /** When a hanging request finally answers (far past the client's timeout). */
  hangMs: number;
  /** Open Library's limit per IP, a token bucket: requests per minute, and how many may go back to back. More get 429 (0 = no limit). */
  olPerMinute: number;
  olBurst: number;
  /** Whether Open Library's 429 carries a Retry-After (the real one does not). */
  olRetryAfter: boolean;
  /** Open Library answers 403 to a User-Agent that names no contact (an email or URL). */
  olRequireContact: boolean;
  /** Google Books: accepted requests per `rateWindowMs`; more get 429 + Retry-After. 0 = no limit. */
  rateLimit: number;
  rateWindowMs: number;
  /** Slack of the rate window for the fake clock's whole-millisecond timers (see createSlidingWindowLimit). */
  rateToleranceMs: number;
  /** Network delay before a request reaches the source: uniform 0..N ms (0 = none). Makes a client that paces exactly at the limit meet it early. */
  arrivalJitterMs: number;
  /** The same for covers.openlibrary.org and books.google.com images (Open Library does not limit cover-id URLs). 0 = no limit. */
  imageRateLimit: number;
  /** Latency of a 429 answer. */
  rateLimitedLatencyMs: number;
  /** Library shape: share of books with an ISBN. */
  isbnShare: number;
  /** Share of ISBN books whose cover is in the catalogue. */
  isbnFindable: number;
  /** Of the findable ISBN books: share whose edition has no cover but whose work has one (found only by search). */
  isbnSearchOnlyShare: number;
  /** Share of title-only books whose cover is in the catalogue. */
  titleFindable: number;
  /** Per book: chance of a decoy with the same title by another author (sharing a first name or surname). */
  decoySameTitleRate: number;
  /** Per book: chance of a near-miss title decoy by the same author ("<title> Returns", a sequel). */
  decoyNearMissRate: number;
  /** Per book: chance of a same-author adaptation decoy ("<title>: The Graphic Novel"): a matcher that accepts a missing subtitle takes it. */
  decoyAdaptationRate: number;
  /** Chance that a decoy ranks before the true book in search results. */
  decoyFirstRate: number;
  /** Library titles with a Goodreads series suffix "(Series, #n)". */
  seriesSuffixRate: number;
  /** Catalogue titles with a subtitle the library title lacks. */
  subtitleRate: number;
  /** Set GOOGLE_BOOKS_API_KEY and serve Google volumes too. */
  google: boolean;
  /** With `google`: share of books Google has a cover for. */
  googleCoverage: number;
  /** Workload (a): library size and batch size. */
  batchLibrary: number;
  batchSize: number;
  /** Workload (b): imported books and rows per `imports.commit` chunk. */
  importBooks: number;
  chunkSize: number;
  /** Workload (c) "concurrent": readers importing at the same moment, books each. */
  concurrentReaders: number;
  concurrentLibrary: number;
  /** ... and one more reader adding this many single books during it, one every `singleBookEveryMs`. */
  singleBooks: number;
  singleBookEveryMs: number;
  /** Workload (d) "import2000": one import this big. */
  bigImportBooks: number;
  /** Workload (e) "overlap": readers, each importing this many books drawn Zipf-like (exponent) from one catalogue this big, one every `overlapStaggerMs`. */
  overlapReaders: number;
  overlapBooks: number;
  overlapCatalogue: number;
  overlapZipf: number;
  overlapStaggerMs: number;
  /** DB sampling interval (model time) for the import timeline. */
  sampleMs: number;
  /** Give up a workload after this much model time. */
  maxModelMinutes: number;
  /** Run the naive baseline next to Folio's implementation. */
  baseline: boolean;
  /** Which workloads: "batch", "import", "concurrent", "import2000", "overlap" (comma separated). */
  workloads: string;
  /** Where the JSON goes. */
  out: string;
  /** Also write every emulated request ([model ms from the workload start, endpoint, outcome, client wait ms]) next to it, as <out>.trace.json. */
  trace: boolean;
}

/** The contact the benchmark's clients name in their User-Agent (Open Library refuses one without). */
export const BENCH_CONTACT = "bench@folio.example";

export const DEFAULT_CONFIG: BenchConfig = {
  seed: 1,
  searchMedianMs: 700,
  searchP95Ms: 2500,
  booksApiMedianMs: 400,
  booksApiP95Ms: 1200,
  imageMedianMs: 300,
  imageP95Ms: 900,
  timeoutRate: 0.03,
  errorRate: 0.02,
  hangMs: 30_000,
  olPerMinute: 180,
  olBurst: 25,
  olRetryAfter: false,
  olRequireContact: true,
  rateLimit: 3,
  rateWindowMs: 1000,
  rateToleranceMs: 2,
  arrivalJitterMs: 0,
  imageRateLimit: 0,
  rateLimitedLatencyMs: 50,
  isbnShare: 0.75,
  isbnFindable: 0.85,
  isbnSearchOnlyShare: 0.12,
  titleFindable: 0.6,
  decoySameTitleRate: 0.25,
  decoyNearMissRate: 0.25,
  decoyAdaptationRate: 0.05,
  decoyFirstRate: 0.5,
  seriesSuffixRate: 0.2,
  subtitleRate: 0.15,
  google: false,
  googleCoverage: 0.5,
  batchLibrary: 200,
  batchSize: 20,
  importBooks: 500,
  chunkSize: 250,
  concurrentReaders: 10,
  concurrentLibrary: 200,
  singleBooks: 12,
  singleBookEveryMs: 20_000,
  bigImportBooks: 2000,
  overlapReaders: 10,
  overlapBooks: 500,
  overlapCatalogue: 5000,
  overlapZipf: 1,
  overlapStaggerMs: 20_000,
  sampleMs: 1000,
  maxModelMinutes: 60,
  baseline: true,
  workloads: "batch,import,concurrent,import2000,overlap",
  out: "bench-results/covers.json",
  trace: false,
};

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (k: string) => `BENCH_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

function coerce(key: keyof BenchConfig, raw: string): BenchConfig[keyof BenchConfig] {
  const def = DEFAULT_CONFIG[key];
  if (typeof def === "boolean") return !/^(0|false|no|off)$/i.test(raw);
  if (typeof def === "number") {
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`--${kebab(key)} needs a number, got "${raw}"`);
    return n;
  }
  return raw;
}

/** Lists the flags with their defaults. */
export function helpText(): string {
  const lines = (Object.keys(DEFAULT_CONFIG) as (keyof BenchConfig)[]).map(
    (k) => `  --${kebab(k)} (${envName(k)})  default ${JSON.stringify(DEFAULT_CONFIG[k])}`,
  );
  return `npm run bench:covers -- [flags]\n${lines.join("\n")}`;
}

/** Defaults, then `BENCH_*` environment variables, then flags. Unknown flags are an error. */
export function resolveConfig(argv: readonly string[], env: Record<string, string | undefined>): BenchConfig {
  const config: BenchConfig = { ...DEFAULT_CONFIG };
  const keys = Object.keys(DEFAULT_CONFIG) as (keyof BenchConfig)[];
  const set = (key: keyof BenchConfig, raw: string) => {
    (config as unknown as Record<string, unknown>)[key] = coerce(key, raw);
  };
  for (const key of keys) {
    const raw = env[envName(key)];
    if (raw !== undefined && raw !== "") set(key, raw);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--(no-)?([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    const key = m && keys.find((k) => kebab(k) === m[2]);
    if (!m || !key) throw new Error(`Unknown flag "${arg}".\n${helpText()}`);
    if (typeof DEFAULT_CONFIG[key] === "boolean") {
      set(key, m[1] ? "false" : (m[3] ?? "true"));
      continue;
    }
    const value = m[3] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[2]} needs a value`);
    set(key, value);
  }
  return config;
}
