/**
 * `npm run bench:offline-import [-- --books 1195 --seed 1 --wall]`: how long an import's covers take
 * on the offline backend (`npm run dev:offline`, the e2e servers), in real time, and how honest the
 * time-left estimate the import summary shows would have been along the way.
 *
 * A Goodreads export shaped like a real one (the benchmark's generated library: about 3 in 4 books
 * with an ISBN, series suffixes, the export's 24 columns) goes through the real parser and
 * `imports.commit` in 250-row chunks over the sync protocol, as the import screen sends it; the
 * client then follows `coverBackfill.progress` as the summary does (with `--wall`, also the
 * library's first page, as an open library tab would) until the run is done.
 *
 * The backend runs in this process, so every outbound request its cover lookups make is counted
 * by endpoint and answer, and the process's CPU time and event-loop use are measured: a run whose
 * event loop is busy nearly all the time is bound by the offline backend's own work (or by other
 * work on the machine taking its core: compare the CPU share), one that idles is bound by the
 * sources' pacing.
 *
 * `-- --replay <json>` replays an earlier run's timeline through the estimate as it is now (no backend).
 *
 * Prints a table and writes bench-results/offline-import.json:
 *   { books, withIsbn, commitMs, firstProgressMs, isbnBatchesDoneMs, t50Ms, t90Ms, doneMs, found, notFound,
 *     requests: { <host+path [q=isbn:… | q=title+author]>: { count, statuses, perSecond } }, cpu: { userMs, systemMs, share, eventLoopBusy },
 *     estimate: { firstAtMs, checks: [{ atMs, done, estimateMs, actualMs }], medianRatio, worstOverpromise },
 *     timeline: [[atMs, processed, waiting 0|1, lookingUpIsbns 0|1], …] }
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance as nodePerformance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { ConvexClient } from "convex/browser";
import WebSocket from "ws";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import { estimateTimeLeft, recordSample, type ProgressSample } from "../lib/backfill/timeLeft";
import { parseImportFile } from "../lib/import";
import { generateCatalogue, toGoodreadsCsv } from "./bench/catalogue";
import { DEFAULT_CONFIG } from "./bench/config";
import { startLocalBackend } from "../tools/local-backend/server";

const { values } = parseArgs({
  options: {
    books: { type: "string", default: "1195" },
    seed: { type: "string", default: "1" },
    wall: { type: "boolean", default: false },
    "max-minutes": { type: "string", default: "60" },
    out: { type: "string", default: "bench-results/offline-import.json" },
    replay: { type: "string" },
  },
});
/**
 * A run's progress as the client saw it: [ms since the commit began, processed, waiting for a
 * source (0/1), still on its ISBN batches (0/1; absent in older files)].
 */
type Timeline = [atMs: number, processed: number, waiting: 0 | 1, lookingUpIsbns?: 0 | 1][];

interface EstimateCheck {
  atMs: number;
  done: number;
  estimateMs: number;
  actualMs: number;
}

/**
 * How honest the summary's estimate would have been: the screen samples each change it sees, the
 * estimate (lib/backfill/timeLeft.ts as it is now) is read every 5 s (its tick) from the end of the
 * commit, and set against the time the run really still took.
 */
function replayEstimate(timeline: Timeline, total: number, commitMs: number, doneMs: number) {
  let samples: ProgressSample[] = [];
  const checks: EstimateCheck[] = [];
  let firstAtMs: number | null = null;
  let next = 0;
  for (let tick = commitMs; tick < doneMs; tick += 5_000) {
    while (next < timeline.length && timeline[next][0] <= tick) {
      const [at, processed, waiting, isbns] = timeline[next++];
      samples = recordSample(samples, {
        at,
        processed,
        ...(waiting ? { waiting: true } : {}),
        ...(isbns ? { phase: "fast" } : {}),
      });
    }
    const current = timeline[next - 1];
    if (!current) continue;
    const left = estimateTimeLeft({ samples, remaining: total - current[1], now: tick, fastPhase: current[3] === 1 });
    if (left.kind !== "estimate") continue;
    firstAtMs ??= tick;
    checks.push({ atMs: tick, done: current[1] / total, estimateMs: left.ms, actualMs: doneMs - tick });
  }
  const sorted = checks
    .filter((c) => c.actualMs >= 30_000)
    .map((c) => c.estimateMs / c.actualMs)
    .sort((a, b) => a - b);
  return {
    firstAtMs,
    medianRatio: sorted.length ? sorted[Math.floor(sorted.length / 2)] : null,
    worstOverpromise: sorted.length ? sorted[0] : null,
    checks,
  };
}

const seconds = (ms: number | null) => (ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`);

/** The estimate's record: when it first spoke, how it compared, and a few moments of the run. */
function printEstimate(estimate: ReturnType<typeof replayEstimate>, commitMs: number): void {
  const { firstAtMs, medianRatio, worstOverpromise, checks } = estimate;
  console.info(
    `\nTime-left estimate: first after ${seconds(firstAtMs === null ? null : firstAtMs - commitMs)} of the run; estimate/actual median ${medianRatio?.toFixed(2) ?? "—"}, lowest ${worstOverpromise?.toFixed(2) ?? "—"} (below 1 promises too early)`,
  );
  const first = checks[0];
  const from = (ms: number) => checks.find((c) => c.atMs >= ms);
  const picks = first ? [first, from(first.atMs + 30_000), from(first.atMs + 60_000)] : [];
  for (const share of [0.5, 0.75, 0.9]) picks.push(checks.find((c) => c.done >= share));
  const moments = [...new Set(picks)].filter((c) => c !== undefined).sort((a, b) => a.atMs - b.atMs);
  for (const c of moments) {
    console.info(
      `  at ${seconds(c.atMs)} (${Math.round(c.done * 100)}% checked): said ${seconds(c.estimateMs)}, took ${seconds(c.actualMs)}`,
    );
  }
}

// `--replay <json>`: an earlier run's timeline, replayed through the estimate as it is now.
if (values.replay) {
  const earlier = JSON.parse(readFileSync(values.replay, "utf8")) as {
    books: number;
    commitMs: number;
    doneMs: number;
    timeline?: Timeline;
  };
  if (!earlier.timeline) throw new Error(`${values.replay} has no timeline (written by an older version of this benchmark)`);
  console.info(`Replaying ${values.replay}: ${earlier.books} books, done after ${seconds(earlier.doneMs)}`);
  printEstimate(replayEstimate(earlier.timeline, earlier.books, earlier.commitMs, earlier.doneMs), earlier.commitMs);
  process.exit(0);
}

const eventLoopUtilization = nodePerformance.eventLoopUtilization.bind(nodePerformance);
const BOOKS = Number(values.books);
const SEED = Number(values.seed);
const MAX_MS = Number(values["max-minutes"]) * 60_000;
if (!Number.isInteger(BOOKS) || BOOKS < 1 || !Number.isInteger(SEED) || !(MAX_MS > 0)) {
  throw new Error("--books and --seed take whole numbers, --max-minutes a positive number");
}

// ---- the export ------------------------------------------------------------------------------
const library = generateCatalogue({ ...DEFAULT_CONFIG, seed: SEED }, BOOKS, "offline-import").library;
const parsed = parseImportFile("goodreads_library_export.csv", toGoodreadsCsv(library, SEED));
if (parsed.format !== "goodreads" || parsed.errors.length > 0) throw new Error("the generated export did not parse cleanly");
const rows = parsed.rows;
const withIsbn = rows.filter((r) => r.isbn).length;

// ---- the backend, with its outbound requests counted -------------------------------------------
const backend = await startLocalBackend({ port: 0, seed: SEED });
const emulated = globalThis.fetch;
/** Requests by endpoint and kind of query, with when the first and last went out (ms, this process's clock). */
const requests = new Map<string, { count: number; statuses: Record<string, number>; firstAt: number; lastAt: number }>();
/** "host/path", with an ISBN query told from a title one (never the query itself: no titles in output). */
function requestKind(url: URL): string {
  const path = `${url.host}${url.pathname.replace(/\/[^/]*\d[^/]*\.json$/, "/…")}`;
  const q = url.searchParams.get("q");
  if (q === null) return path;
  return `${path} ${/^isbn:/i.test(q) ? "q=isbn:…" : "q=title+author"}`;
}
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
  const key = requestKind(url);
  const now = performance.now();
  const entry = requests.get(key) ?? { count: 0, statuses: {}, firstAt: now, lastAt: now };
  requests.set(key, entry);
  entry.count++;
  entry.lastAt = now;
  try {
    const response = await emulated(input, init);
    entry.statuses[response.status] = (entry.statuses[response.status] ?? 0) + 1;
    return response;
  } catch (error) {
    entry.statuses.error = (entry.statuses.error ?? 0) + 1;
    throw error;
  }
};

const client = new ConvexClient(backend.url, {
  skipConvexDeploymentUrlCheck: true,
  unsavedChangesWarning: false,
  logger: false,
  webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
});

interface Seen {
  atMs: number;
  processed: number;
  found: number;
  notFound: number;
  total: number;
  state: "running" | "done";
  waitingUntil?: number;
  lookingUpIsbns: boolean;
}

try {
  const signIn = await client.action(api.auth.signIn, { provider: "anonymous" });
  const token = signIn.tokens?.token;
  if (!token) throw new Error("the anonymous sign-in gave no token");
  client.setAuth(async () => token);

  const cpuStart = process.cpuUsage();
  const eluStart = eventLoopUtilization();
  const started = performance.now();
  /** The same moment on the epoch clock `waitingForSourceUntil` is given in. */
  const startedEpoch = Date.now();
  const at = () => Math.round(performance.now() - started);

  // The import screen's commit: 250-row chunks, one after the other.
  const clientImportId = `offline-import-${SEED}-${BOOKS}`;
  let importId: Id<"imports"> | undefined;
  for (let i = 0; i < rows.length; i += 250) {
    const result = await client.mutation(api.imports.commit, {
      clientImportId,
      format: "goodreads",
      rows: rows.slice(i, i + 250),
    });
    importId = result.importId;
  }
  const commitMs = at();
  if (!importId) throw new Error("the commit returned no import");

  if (values.wall) client.onUpdate(api.books.list, { paginationOpts: { numItems: 60, cursor: null } }, () => {});
  client.onUpdate(api.library.counts, {}, () => {});
  const seen: Seen[] = [];
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the covers were not done after ${values["max-minutes"]} minutes`)), MAX_MS);
    client.onUpdate(api.coverBackfill.progress, { importId: importId! }, (progress) => {
      const run = progress.run;
      if (!run) return;
      seen.push({
        atMs: at(),
        processed: run.processed,
        found: run.found,
        notFound: run.notFound,
        total: run.total,
        state: run.state,
        ...(run.waitingForSourceUntil !== undefined ? { waitingUntil: run.waitingForSourceUntil } : {}),
        lookingUpIsbns: run.lookingUpIsbns === true,
      });
      if (run.state === "done") {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  let lastPrinted = -1;
  const reporter = setInterval(() => {
    const last = seen.at(-1);
    if (last && last.processed !== lastPrinted) {
      lastPrinted = last.processed;
      console.info(`  ${(last.atMs / 1000).toFixed(0)} s: ${last.processed} of ${last.total} · ${last.found} found`);
    }
  }, 30_000);
  await done.finally(() => clearInterval(reporter));
  const cpu = process.cpuUsage(cpuStart);
  const elu = eventLoopUtilization(eluStart).utilization;
  const last = seen.at(-1)!;
  const doneMs = last.atMs;
  const reach = (share: number) => seen.find((s) => s.processed >= share * last.total)?.atMs ?? null;

  const timeline: Timeline = seen.map((x) => [
    x.atMs,
    x.processed,
    x.waitingUntil !== undefined && x.waitingUntil > startedEpoch + x.atMs ? 1 : 0,
    x.lookingUpIsbns ? 1 : 0,
  ]);
  const estimate = replayEstimate(timeline, last.total, commitMs, doneMs);

  const wallMs = performance.now() - started;
  const report = {
    books: rows.length,
    withIsbn,
    wall: values.wall,
    seed: SEED,
    commitMs,
    firstProgressMs: seen.find((s) => s.processed > 0)?.atMs ?? null,
    /** When the progress first said no book waits for its ISBN batch any more. */
    isbnBatchesDoneMs: seen.find((s) => s.state === "running" && !s.lookingUpIsbns)?.atMs ?? null,
    t50Ms: reach(0.5),
    t90Ms: reach(0.9),
    doneMs,
    found: last.found,
    notFound: last.notFound,
    requests: Object.fromEntries(
      [...requests]
        .sort((a, b) => b[1].count - a[1].count)
        .map(([key, r]) => [
          key,
          {
            count: r.count,
            statuses: r.statuses,
            perSecond: r.count > 1 ? (r.count - 1) / ((r.lastAt - r.firstAt) / 1000) : null,
          },
        ]),
    ),
    cpu: {
      userMs: Math.round(cpu.user / 1000),
      systemMs: Math.round(cpu.system / 1000),
      share: (cpu.user + cpu.system) / 1000 / wallMs,
      eventLoopBusy: elu,
    },
    estimate,
    /** Every change the client saw: [ms since the commit began, processed, waiting for a source (0/1)]. */
    timeline,
  };
  mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(values.out, JSON.stringify(report, null, 2) + "\n");

  const s = seconds;
  console.info(
    `\nOffline backend, ${rows.length}-row Goodreads export (${withIsbn} with an ISBN)${values.wall ? ", library tab open" : ""}`,
  );
  console.info(
    `| commit | first progress | ISBN batches done | 50% checked | 90% checked | done | found | not found | CPU | event loop busy |`,
  );
  console.info(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  console.info(
    `| ${s(commitMs)} | ${s(report.firstProgressMs)} | ${s(report.isbnBatchesDoneMs)} | ${s(report.t50Ms)} | ${s(report.t90Ms)} | ${s(doneMs)} | ${last.found} | ${last.notFound} | ${(report.cpu.share * 100).toFixed(0)}% | ${(elu * 100).toFixed(0)}% |`,
  );
  console.info(`\nRequests the lookups made:`);
  for (const [key, r] of Object.entries(report.requests))
    console.info(
      `  ${key}: ${r.count} ${JSON.stringify(r.statuses)}, ${r.perSecond?.toFixed(2) ?? "—"}/s from its first to its last`,
    );
  printEstimate(estimate, commitMs);
  console.info(`\nWrote ${values.out}`);
} finally {
  await client.close();
  await backend.close();
}
process.exit(0);
