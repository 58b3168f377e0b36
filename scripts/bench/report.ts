/**
 * Turns workload results into the figures of bench-results/covers.json and the table printed by
 * `npm run bench:covers`. Times are model milliseconds; `null` marks a milestone never reached.
 */
import type { BenchConfig } from "./config";
import { quantile } from "./model";
import type { EmulatorStats } from "./emulator";
import type {
  BatchWorkloadResult,
  ConcurrentWorkloadResult,
  CoverOutcome,
  ImportWorkloadResult,
  OverlapWorkloadResult,
} from "./workloads";

export interface BatchFigures {
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  requestsPerBook: number | null;
  /** Batches that looked up books (or were cut short by a 429). */
  batches: number;
  /** Calls that found nothing left to look up (the end of the cursor). */
  emptyCalls: number;
  books: number;
  processed: number;
  /** All batches back to back, including Retry-After waits. */
  totalMs: number;
  requests: number;
  rateLimited: number;
  /** Books left without a cover because of a timeout, 5xx or 429 (not "not found") / books. */
  failureRate: number;
  uncoveredByReason: Record<string, number>;
  openLibrary: SourceUsage;
  findable: number;
  findableCovered: number;
  wrongCovers: number;
  wrongByKind: Record<string, number>;
  batchMs: number[];
}

export interface ImportFigures {
  books: number;
  findable: number;
  t50Ms: number | null;
  t90Ms: number | null;
  t100Ms: number | null;
  wrongCovers: number;
  requests: number;
  rateLimited: number;
  /** Books left without a cover because of a timeout, 5xx or 429 (not "not found") / books. */
  failureRate: number;
  findableCovered: number;
  covered: number;
  wrongByKind: Record<string, number>;
  uncoveredByReason: Record<string, number>;
  /** Model ms until the backfill ended (null: never within the cap). */
  endMs: number | null;
  /** How the workload ended: "done" (the run finished), "timeout" (model-time cap), "idle" (nothing left on the clock, run not finished). */
  end: "done" | "timeout" | "idle";
  triggered: boolean;
  requestsByEndpoint: Record<string, number>;
  peakRequestsPerWindow: Record<string, number>;
  openLibrary: SourceUsage;
  /** [model s, findable books covered] every 10 s. */
  timeline: [number, number][];
  /** The least time 90% of the findable covers need at Open Library's limit (see workloads.ts `importFloor`), and t90 against it. */
  floorMs: number;
  floorRequests: number;
  t90OverFloor: number | null;
}

/** (c) many readers at once. */
export interface ConcurrentFigures {
  readers: number;
  /** Requests that arrived while their source already had its limit's worth in the trailing window, all sources. */
  requestsOverLimit: number;
  requestsOverLimitBySource: Record<string, number>;
  /** Books recorded as `timeout` although none of their requests hung. */
  falseTimeouts: number;
  timeouts: number;
  /** The fastest and the slowest reader's time to 90% of their findable covers (null: a reader never got there). */
  readerT90Ms: { min: number | null; max: number | null };
  /** Each reader's t90, and how many of their findable books only a title search finds. */
  perReader: { t90Ms: number | null; findable: number; searchOnly: number }[];
  /** From adding a single (findable) book to its cover, while the imports run. */
  singleBookMs: { p50: number | null; max: number | null };
  /**
   * Requests granted per backlogged reader per minute (while every reader's import still had books
   * queued): the least and the most any reader got, and their ratio.
   */
  readerShare: { min: number | null; max: number | null; ratio: number | null; windowMs: number | null };
  singleBooks: number;
  singleBooksCovered: number;
  wrongCovers: number;
  requests: number;
  rateLimited: number;
  /** Model ms until every reader's import backfill ended. */
  endMs: number | null;
  end: "done" | "timeout" | "idle";
}

/** Requests per minute each reader got while all were backlogged (see ConcurrentFigures.readerShare). */
export function readerShare(requests: readonly [number, number][], readers: number, windowMs: number | null) {
  if (!windowMs || windowMs <= 0) return { min: null, max: null, ratio: null, windowMs };
  const counts = Array.from({ length: readers }, () => 0);
  for (const [at, reader] of requests) if (at <= windowMs) counts[reader]++;
  const perMinute = counts.map((n) => round(n / (windowMs / 60_000), 1));
  const min = Math.min(...perMinute);
  const max = Math.max(...perMinute);
  return { min, max, ratio: min > 0 ? round(max / min, 2) : null, windowMs };
}

export function concurrentFigures(r: ConcurrentWorkloadResult): ConcurrentFigures {
  const t90s = r.outcomes.map((o) => milestone(o, 0.9));
  const reached = t90s.filter((x): x is number => x !== null);
  return {
    readerShare: readerShare(r.readerRequests, r.readers, r.allBackloggedUntilMs),
    readers: r.readers,
    requestsOverLimit: Object.values(r.emulator.overLimit).reduce((a, b) => a + b, 0),
    requestsOverLimitBySource: r.emulator.overLimit,
    falseTimeouts: r.falseTimeouts,
    timeouts: r.timeouts,
    readerT90Ms: {
      min: reached.length ? Math.min(...reached) : null,
      max: reached.length === t90s.length && reached.length ? Math.max(...reached) : null,
    },
    perReader: r.outcomes.map((o, i) => ({ t90Ms: t90s[i], findable: o.findable, searchOnly: r.searchOnly[i] })),
    singleBookMs: { p50: quantile(r.singleBookMs, 0.5), max: r.singleBookMs.length ? Math.max(...r.singleBookMs) : null },
    singleBooks: r.singleBooks,
    singleBooksCovered: r.singleBookMs.length,
    wrongCovers: r.outcomes.reduce((n, o) => n + o.wrongCovers, 0),
    requests: r.requests,
    rateLimited: r.rateLimited,
    endMs: r.endMs,
    end: r.end,
  };
}

const TRANSIENT = new Set(["timeout", "upstream_error", "rate_limited"]);

function transientShare(o: CoverOutcome): number {
  const transient = Object.entries(o.uncoveredByReason)
    .filter(([reason]) => TRANSIENT.has(reason))
    .reduce((n, [, count]) => n + count, 0);
  return o.books > 0 ? round(transient / o.books, 3) : 0;
}

/** How a workload used Open Library (openlibrary.org: Books API, /isbn, search) over its duration. */
export interface SourceUsage {
  requests: number;
  perSecond: number | null;
  /** Requests / (rate limit x duration): 1 = the whole allowance was used. */
  rateUtilisation: number | null;
  /** Share of the duration with no Open Library request in flight (waiting on nothing but scheduling, pacing or DB work). */
  idleShare: number | null;
}

export function openLibraryUsage(
  log: EmulatorStats["log"],
  startedAt: number,
  durationMs: number | null,
  config: Pick<BenchConfig, "olPerMinute">,
): SourceUsage {
  const ol = log.filter(([, endpoint]) => endpoint === "booksApi" || endpoint === "isbnJson" || endpoint === "search");
  if (!durationMs || durationMs <= 0) return { requests: ol.length, perSecond: null, rateUtilisation: null, idleShare: null };
  const end = startedAt + durationMs;
  let busy = 0;
  let coveredUntil = startedAt;
  for (const [at, , , waitMs] of [...ol].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(at, coveredUntil);
    const to = Math.min(at + waitMs, end);
    if (to > from) busy += to - from;
    coveredUntil = Math.max(coveredUntil, at + waitMs);
  }
  const seconds = durationMs / 1000;
  const allowance = config.olPerMinute > 0 ? (config.olPerMinute * durationMs) / 60_000 : null;
  return {
    requests: ol.length,
    perSecond: round(ol.length / seconds, 2),
    rateUtilisation: allowance ? round(ol.length / allowance, 2) : null,
    idleShare: round(1 - busy / durationMs, 2),
  };
}

export function batchFigures(r: BatchWorkloadResult, books: number, config: BenchConfig): BatchFigures {
  // The last call of a library whose size is a multiple of the batch finds nothing: not a batch of books.
  const ms = r.batches.filter((b) => b.processed > 0 || b.retryAfterMs !== undefined).map((b) => b.ms);
  return {
    p50Ms: quantile(ms, 0.5),
    p95Ms: quantile(ms, 0.95),
    maxMs: ms.length ? Math.max(...ms) : null,
    requestsPerBook: r.processed > 0 ? round(r.requests / r.processed, 2) : null,
    batches: ms.length,
    emptyCalls: r.batches.length - ms.length,
    books,
    processed: r.processed,
    totalMs: r.totalMs,
    requests: r.requests,
    rateLimited: r.rateLimited,
    failureRate: transientShare(r.outcome),
    uncoveredByReason: r.outcome.uncoveredByReason,
    openLibrary: openLibraryUsage(r.emulator.log, r.startedAt, r.totalMs, config),
    findable: r.outcome.findable,
    findableCovered: r.outcome.findableCovered,
    wrongCovers: r.outcome.wrongCovers,
    wrongByKind: r.outcome.wrongByKind,
    batchMs: ms,
  };
}

/** Model ms at which `share` of the findable books had their true cover, or null. */
export function milestone(outcome: CoverOutcome, share: number): number | null {
  if (outcome.findable === 0) return null;
  const needed = Math.ceil(share * outcome.findable);
  return outcome.coverTimes.length >= needed ? outcome.coverTimes[needed - 1] : null;
}

export function importFigures(r: ImportWorkloadResult, config: BenchConfig): ImportFigures {
  const o = r.outcome;
  const timeline: [number, number][] = [];
  let nextAt = 0;
  for (const [ms, n] of r.timeline) {
    if (ms >= nextAt) {
      timeline.push([Math.round(ms / 1000), n]);
      nextAt = (Math.floor(ms / 10_000) + 1) * 10_000;
    }
  }
  return {
    books: o.books,
    findable: o.findable,
    t50Ms: milestone(o, 0.5),
    t90Ms: milestone(o, 0.9),
    t100Ms: milestone(o, 1),
    wrongCovers: o.wrongCovers,
    requests: r.requests,
    rateLimited: r.rateLimited,
    failureRate: transientShare(o),
    findableCovered: o.findableCovered,
    covered: o.covered,
    wrongByKind: o.wrongByKind,
    uncoveredByReason: o.uncoveredByReason,
    endMs: r.endMs,
    end: r.end,
    triggered: r.triggered,
    requestsByEndpoint: r.emulator.byEndpoint,
    peakRequestsPerWindow: r.emulator.peakPerWindow,
    openLibrary: openLibraryUsage(r.emulator.log, r.startedAt, r.endMs, config),
    timeline,
    floorMs: r.floor.floorMs,
    floorRequests: r.floor.requests,
    t90OverFloor: milestone(o, 0.9) !== null && r.floor.floorMs > 0 ? round(milestone(o, 0.9)! / r.floor.floorMs, 2) : null,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function ratio(baseline: number | null | undefined, ours: number | null | undefined): number | null {
  if (baseline == null || ours == null || ours === 0) return null;
  return round(baseline / ours, 1);
}

/* ------------------------------------------------------------------- table */

const secs = (ms: number | null | undefined) => (ms == null ? "never" : `${(ms / 1000).toFixed(1)} s`);
const num = (x: number | null | undefined) => (x == null ? "-" : String(x));
const pct = (x: number | null | undefined) => (x == null ? "-" : `${(x * 100).toFixed(1)}%`);
const times = (x: number | null) => (x == null ? "-" : `${x}x`);

function table(title: string, rows: [string, string, string, string][]): string {
  const head: [string, string, string, string] = ["", "Folio", "baseline", "baseline/Folio"];
  const all = [head, ...rows];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) =>
    `  ${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3].padStart(widths[3])}`;
  return [title, line(head), `  ${"-".repeat(widths.reduce((a, b) => a + b + 2, -2))}`, ...rows.map(line)].join("\n");
}

/** (e) overlapping libraries, with and without the shared catalogue. */
export interface OverlapFigures {
  readers: number;
  booksPerReader: number;
  distinctBooks: number;
  requestsPerCoveredBook: number | null;
  requestsPerCoveredBookWithoutCatalogue: number | null;
  /** 1 - with / without: the share of requests the catalogue saves. */
  savedShare: number | null;
  wrongCovers: number;
  covered: number;
  coveredWithoutCatalogue: number;
  requests: number;
  requestsWithoutCatalogue: number;
  endMs: number | null;
  endMsWithoutCatalogue: number | null;
}

export function overlapFigures(
  withCat: OverlapWorkloadResult,
  without: OverlapWorkloadResult | undefined,
  booksPerReader: number,
): OverlapFigures {
  const per = (r: OverlapWorkloadResult | undefined) => (r && r.covered > 0 ? round(r.requests / r.covered, 3) : null);
  const a = per(withCat);
  const b = per(without);
  return {
    readers: withCat.readers,
    booksPerReader,
    distinctBooks: withCat.distinctBooks,
    requestsPerCoveredBook: a,
    requestsPerCoveredBookWithoutCatalogue: b,
    savedShare: a !== null && b ? round(1 - a / b, 3) : null,
    wrongCovers: withCat.wrongCovers + (without?.wrongCovers ?? 0),
    covered: withCat.covered,
    coveredWithoutCatalogue: without?.covered ?? 0,
    requests: withCat.requests,
    requestsWithoutCatalogue: without?.requests ?? 0,
    endMs: withCat.endMs,
    endMsWithoutCatalogue: without?.endMs ?? null,
  };
}

export interface BenchReport {
  batch?: BatchFigures;
  overlap?: OverlapFigures;
  import?: ImportFigures;
  concurrent?: ConcurrentFigures;
  import2000?: ImportFigures;
  baseline: { batch?: BatchFigures; import?: ImportFigures };
  ratio: Record<string, number | null>;
  config: BenchConfig;
  seed: number;
  realTimeMs: number;
  /** Structured log lines the backfill wrote during the run (info, and warn when > 10% failed). */
  logLines?: { info: number; warn: number };
}

export function formatReport(r: BenchReport): string {
  const c = r.config;
  const out: string[] = [
    "",
    `Cover backfill benchmark (model time; seed ${c.seed})`,
    `  model: search p50 ${c.searchMedianMs} ms / p95 ${c.searchP95Ms} ms, Books API p50 ${c.booksApiMedianMs} ms, ` +
      `images p50 ${c.imageMedianMs} ms, ${pct(c.timeoutRate)} timeouts, ${pct(c.errorRate)} 5xx, ` +
      `Open Library ${c.olPerMinute}/min with bursts of ${c.olBurst} (429 ${c.olRetryAfter ? "with" : "without"} Retry-After${c.olRequireContact ? ", 403 without a contact" : ""}), ` +
      `Google ${c.google ? `on (${c.rateLimit} per ${c.rateWindowMs} ms)` : "off"}`,
    "",
  ];
  const ob = r.batch;
  const bb = r.baseline.batch;
  if (ob || bb) {
    out.push(
      table(`(a) ${c.batchSize}-book batches, library of ${ob?.books ?? bb?.books} books`, [
        ["batches", num(ob?.batches), num(bb?.batches), ""],
        ["batch p50", secs(ob?.p50Ms), secs(bb?.p50Ms), times(ratio(bb?.p50Ms, ob?.p50Ms))],
        ["batch p95", secs(ob?.p95Ms), secs(bb?.p95Ms), times(ratio(bb?.p95Ms, ob?.p95Ms))],
        ["batch max", secs(ob?.maxMs), secs(bb?.maxMs), times(ratio(bb?.maxMs, ob?.maxMs))],
        ["whole library", secs(ob?.totalMs), secs(bb?.totalMs), times(ratio(bb?.totalMs, ob?.totalMs))],
        [
          "requests per book",
          num(ob?.requestsPerBook),
          num(bb?.requestsPerBook),
          times(ratio(bb?.requestsPerBook, ob?.requestsPerBook)),
        ],
        ["429s received", num(ob?.rateLimited), num(bb?.rateLimited), ""],
        [
          "findable covered",
          `${num(ob?.findableCovered)}/${num(ob?.findable)}`,
          `${num(bb?.findableCovered)}/${num(bb?.findable)}`,
          "",
        ],
        ["wrong covers", num(ob?.wrongCovers), num(bb?.wrongCovers), ""],
        ["failure rate", pct(ob?.failureRate), pct(bb?.failureRate), ""],
        ["OL rate used", pct(ob?.openLibrary.rateUtilisation), pct(bb?.openLibrary.rateUtilisation), ""],
        ["OL idle", pct(ob?.openLibrary.idleShare), pct(bb?.openLibrary.idleShare), ""],
      ]),
      "",
    );
    if (ob) out.push(`  Folio batch times (s): ${ob.batchMs.map((ms) => (ms / 1000).toFixed(1)).join(" ")}`);
    if (ob?.wrongCovers) out.push(`  Folio wrong covers by decoy: ${JSON.stringify(ob.wrongByKind)}`);
    out.push("");
  }
  const oi = r.import;
  const bi = r.baseline.import;
  if (oi || bi) {
    out.push(
      table(`(b) ${oi?.books ?? bi?.books}-book Goodreads import, ${oi?.findable ?? bi?.findable} findable covers`, [
        ["50% of findable", secs(oi?.t50Ms), secs(bi?.t50Ms), times(ratio(bi?.t50Ms, oi?.t50Ms))],
        ["90% of findable", secs(oi?.t90Ms), secs(bi?.t90Ms), times(ratio(bi?.t90Ms, oi?.t90Ms))],
        ["100% of findable", secs(oi?.t100Ms), secs(bi?.t100Ms), times(ratio(bi?.t100Ms, oi?.t100Ms))],
        ["backfill ended", secs(oi?.endMs), secs(bi?.endMs), times(ratio(bi?.endMs, oi?.endMs))],
        [
          "findable covered",
          `${num(oi?.findableCovered)}/${num(oi?.findable)}`,
          `${num(bi?.findableCovered)}/${num(bi?.findable)}`,
          "",
        ],
        ["wrong covers", num(oi?.wrongCovers), num(bi?.wrongCovers), ""],
        ["requests", num(oi?.requests), num(bi?.requests), times(ratio(bi?.requests, oi?.requests))],
        ["429s received", num(oi?.rateLimited), num(bi?.rateLimited), ""],
        ["failure rate", pct(oi?.failureRate), pct(bi?.failureRate), ""],
        ["OL rate used", pct(oi?.openLibrary.rateUtilisation), pct(bi?.openLibrary.rateUtilisation), ""],
        ["OL idle", pct(oi?.openLibrary.idleShare), pct(bi?.openLibrary.idleShare), ""],
      ]),
      "",
    );
    if (oi && !oi.triggered) out.push("  NOTE: the import commit did not start a server-side backfill (trigger not wired).", "");
    if (oi)
      out.push(
        `  Folio left uncovered: ${JSON.stringify(oi.uncoveredByReason)}; wrong covers by decoy: ${JSON.stringify(oi.wrongByKind)}`,
      );
    if (bi)
      out.push(
        `  baseline left uncovered: ${JSON.stringify(bi.uncoveredByReason)}; wrong covers by decoy: ${JSON.stringify(bi.wrongByKind)}`,
      );
    out.push("");
  }
  const cc = r.concurrent;
  if (cc) {
    const ratioT90 = cc.readerT90Ms.min && cc.readerT90Ms.max ? (cc.readerT90Ms.max / cc.readerT90Ms.min).toFixed(2) : "-";
    out.push(
      `(c) ${cc.readers} readers importing ${c.concurrentLibrary} books each at once, plus single books added meanwhile`,
      `  requests over a source's limit  ${cc.requestsOverLimit} ${JSON.stringify(cc.requestsOverLimitBySource)}`,
      `  false timeouts                  ${cc.falseTimeouts} (timeouts recorded: ${cc.timeouts})`,
      `  reader t90 min / max            ${secs(cc.readerT90Ms.min)} / ${secs(cc.readerT90Ms.max)} (max/min ${ratioT90})`,
      `  requests per reader per minute  ${num(cc.readerShare.min)} / ${num(cc.readerShare.max)} (max/min ${num(cc.readerShare.ratio)}, while all ${cc.readers} were backlogged: ${secs(cc.readerShare.windowMs)})`,
      `  single book covered p50 / max   ${secs(cc.singleBookMs.p50)} / ${secs(cc.singleBookMs.max)} (${cc.singleBooksCovered} of ${cc.singleBooks})`,
      `  wrong covers                    ${cc.wrongCovers}`,
      `  requests / 429s                 ${cc.requests} / ${cc.rateLimited}`,
      `  all imports ended               ${secs(cc.endMs)} (${cc.end})`,
      "",
    );
  }
  const big = r.import2000;
  if (big) {
    out.push(
      `(d) ${big.books}-book import, ${big.findable} findable covers`,
      `  50% / 90% / 100% of findable    ${secs(big.t50Ms)} / ${secs(big.t90Ms)} / ${secs(big.t100Ms)}`,
      `  floor for 90% (${big.floorRequests} requests)   ${secs(big.floorMs)} (t90 is ${num(big.t90OverFloor)}x the floor)`,
      `  findable covered                ${big.findableCovered}/${big.findable}`,
      `  wrong covers                    ${big.wrongCovers}`,
      `  requests / 429s                 ${big.requests} / ${big.rateLimited}`,
      `  backfill ended                  ${secs(big.endMs)} (${big.end})`,
      `  left uncovered                  ${JSON.stringify(big.uncoveredByReason)}`,
      "",
    );
  }
  const ov = r.overlap;
  if (ov) {
    out.push(
      `(e) ${ov.readers} readers importing ${ov.booksPerReader} books each, drawn Zipf-like from one catalogue (${ov.distinctBooks} distinct books)`,
      `  requests per covered book       ${num(ov.requestsPerCoveredBook)} with the catalogue / ${num(ov.requestsPerCoveredBookWithoutCatalogue)} without (${pct(ov.savedShare)} fewer)`,
      `  requests / covered              ${ov.requests} / ${ov.covered} with, ${ov.requestsWithoutCatalogue} / ${ov.coveredWithoutCatalogue} without`,
      `  wrong covers                    ${ov.wrongCovers}`,
      `  all imports ended               ${secs(ov.endMs)} with, ${secs(ov.endMsWithoutCatalogue)} without`,
      "",
    );
  }
  out.push(`  real time: ${(r.realTimeMs / 1000).toFixed(1)} s`, "");
  return out.join("\n");
}
