/**
 * The benchmark's workloads, run against a fresh convex-test backend and the emulated sources on
 * the virtual clock:
 *
 * (a) "batch": a signed-in reader with a fresh library calls `api.books.fetchMissingCovers` in
 *     batches, following `nextCursor` and waiting `retryAfterMs` like the UI; wall time per batch.
 * (b) "import": a Goodreads export goes through the real parser and `api.imports.commit` in
 *     chunks; the server-side drain then runs on its own; the DB is sampled as the clock advances.
 *
 * Each has a baseline twin that does the same work with ./baseline.ts (naive, sequential) and
 * writes covers into the same kind of backend, so every figure is measured the same way.
 */
import { api } from "../../convex/_generated/api";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import { parseImportFile } from "../../lib/import";
import type { ImportRow } from "../../lib/import/types";
import { http } from "msw";
import { searchTitle } from "../../lib/cover/openLibrary";
import { isbnBatchQuery } from "../../tests/msw/coverSources";
import { server } from "../../tests/msw/server";
import { createUser, newBackend, type SignedIn, type TestConvex } from "../../tests/support/users";
import { naiveLookup, type NaiveReason, type NaiveStats } from "./baseline";
import { generateCatalogue, isTrueCover, toGoodreadsCsv, type Catalogue, type LibraryEntry, type OlWork } from "./catalogue";
import { drive, driveUntil, modelSleep } from "./clock";
import { BENCH_CONTACT, type BenchConfig } from "./config";
import { createEmulator, type EmulatorStats } from "./emulator";
import { createRng, type Rng } from "./model";

export type Implementation = "folio" | "baseline";

/** What `npm run bench:cost` changes in a workload: an instrumented backend, and a mark where the measured part starts (after setup). */
export interface WorkloadHooks {
  backend?: () => TestConvex;
  /** Called once the workload's reader exists, before what is measured (the first reader, for the many-reader workloads). */
  onStart?: (t: TestConvex, userId: Id<"users">) => Promise<void> | void;
  /** The reader has books besides the workload's (added by `onStart`): the figures leave them out. */
  otherBooks?: boolean;
}

/** What ended up in the DB, judged against the catalogue's truth. */
export interface CoverOutcome {
  books: number;
  findable: number;
  covered: number;
  /** Findable books with one of their true covers. */
  findableCovered: number;
  wrongCovers: number;
  /** Wrong covers by the decoy they came from. */
  wrongByKind: Record<string, number>;
  /** Model ms (from the workload start) at which each findable book got its true cover, ascending. */
  coverTimes: number[];
  /** Books left without a cover, by the last reason recorded. */
  uncoveredByReason: Record<string, number>;
}

export interface BatchRecord {
  ms: number;
  processed: number;
  updated: number;
  failures: number;
  retryAfterMs?: number;
}

export interface BatchWorkloadResult {
  implementation: Implementation;
  /** Model time (epoch ms) the workload started; the emulator log uses the same clock. */
  startedAt: number;
  batches: BatchRecord[];
  /** Model ms from the first call to the end of the last batch (including Retry-After waits). */
  totalMs: number;
  processed: number;
  requests: number;
  rateLimited: number;
  emulator: EmulatorStats;
  outcome: CoverOutcome;
  steps: number;
}

export interface ImportWorkloadResult {
  implementation: Implementation;
  /** Model time (epoch ms) of the first chunk commit; the emulator log uses the same clock. */
  startedAt: number;
  rows: number;
  /** Model ms from the first chunk commit until the backfill ended (run "done", or the baseline's last book). */
  endMs: number | null;
  end: "done" | "timeout" | "idle";
  /** Whether the commit started a server-side backfill (the import trigger is wired). */
  triggered: boolean;
  requests: number;
  rateLimited: number;
  emulator: EmulatorStats;
  outcome: CoverOutcome;
  /** DB samples: [model ms, findable books with their true cover]. */
  timeline: [number, number][];
  steps: number;
  /** What the library asks of the sources at least (see `importFloor`). */
  floor: ImportFloor;
}

/**
 * The least a client can do for 90% of an import's findable covers: every ISBN asked, 50 per
 * request, and (had it an oracle) only the findable books without an ISBN searched, one request
 * each, as many as the ISBN answers leave short of 90%; at Open Library's limit (the burst at once,
 * then the sustained rate).
 */
export interface ImportFloor {
  requests: number;
  floorMs: number;
}

export function importFloor(library: readonly LibraryEntry[], config: BenchConfig): ImportFloor {
  const findable = library.filter((b) => b.findable).length;
  const byIsbn = library.filter((b) => b.findable && b.isbn13 && b.via !== "google").length;
  const isbnRequests = Math.ceil(library.filter((b) => b.isbn13).length / 50);
  const searches = Math.max(0, Math.ceil(0.9 * findable) - byIsbn);
  const requests = isbnRequests + searches;
  const perMs = config.olPerMinute / 60_000;
  return { requests, floorMs: perMs > 0 ? Math.round(Math.max(0, requests - config.olBurst) / perMs) : 0 };
}

function useEmulator(catalogue: Catalogue, config: BenchConfig, label: string) {
  const emulator = createEmulator(catalogue, config, createRng(config.seed).fork(`emulator:${label}`));
  server.resetHandlers();
  server.use(...emulator.handlers);
  return emulator;
}

/** Sets the Convex environment the workload's functions read: Google's key (when on) and the lookup contact. */
function setGoogleKey(config: BenchConfig): string | undefined {
  process.env.COVER_LOOKUP_CONTACT = BENCH_CONTACT;
  if (config.google) process.env.GOOGLE_BOOKS_API_KEY = "bench-google-key";
  else delete process.env.GOOGLE_BOOKS_API_KEY;
  return process.env.GOOGLE_BOOKS_API_KEY;
}

async function userBooks(t: TestConvex, userId: Id<"users">): Promise<Doc<"books">[]> {
  return await t.run((ctx) =>
    ctx.db
      .query("books")
      .withIndex("by_user", (q) => q.eq("userId", userId))
      .collect(),
  );
}

/** Which catalogue entry a cover URL shows: an Open Library cover id or a Google volume id -> its kind. */
function coverKinds(catalogue: Catalogue): (url: string) => OlWork["kind"] | "other" {
  const ol = new Map<number, OlWork["kind"]>();
  for (const w of catalogue.works) if (w.coverId !== null) ol.set(w.coverId, w.kind);
  const google = new Map(catalogue.google.map((g) => [g.id, g.kind]));
  return (url) => {
    const id = /\/b\/id\/(\d+)-/.exec(url)?.[1];
    if (id) return ol.get(Number(id)) ?? "other";
    try {
      return google.get(new URL(url).searchParams.get("id") ?? "") ?? "other";
    } catch {
      return "other";
    }
  };
}

/** Judges the DB against the catalogue. `reasons` overrides the DB's last reason (the baseline keeps its own). */
function judge(catalogue: Catalogue, books: Doc<"books">[], startedAt: number, reasons?: Map<string, string>): CoverOutcome {
  const byTitle = new Map(catalogue.library.map((e) => [e.title, e]));
  const kindOf = coverKinds(catalogue);
  const outcome: CoverOutcome = {
    books: books.length,
    findable: 0,
    covered: 0,
    findableCovered: 0,
    wrongCovers: 0,
    wrongByKind: {},
    coverTimes: [],
    uncoveredByReason: {},
  };
  for (const book of books) {
    const entry: LibraryEntry | undefined = byTitle.get(book.title);
    if (!entry) throw new Error("a book in the DB is not in the generated library");
    if (entry.findable) outcome.findable++;
    const url = book.apiCoverUrl;
    if (!url) {
      const reason = reasons?.get(book._id) ?? book.coverLastReason ?? "not_attempted";
      outcome.uncoveredByReason[reason] = (outcome.uncoveredByReason[reason] ?? 0) + 1;
      continue;
    }
    outcome.covered++;
    if (isTrueCover(entry, url)) {
      if (entry.findable) {
        outcome.findableCovered++;
        outcome.coverTimes.push(book.updatedAt - startedAt);
      }
    } else {
      outcome.wrongCovers++;
      const kind = kindOf(url);
      outcome.wrongByKind[kind] = (outcome.wrongByKind[kind] ?? 0) + 1;
    }
  }
  outcome.coverTimes.sort((a, b) => a - b);
  return outcome;
}

async function writeNaiveCover(t: TestConvex, bookId: Id<"books">, url: string, source: "open-library" | "google-books") {
  await t.run(async (ctx) => {
    const book = await ctx.db.get("books", bookId);
    if (!book || book.coverUrl || book.apiCoverUrl) return;
    await ctx.db.patch("books", bookId, { apiCoverUrl: url, apiSource: source, updatedAt: Date.now() });
  });
}

/** MAX_CLIENT_PAUSE_MS of the UI's "Fetch missing covers" loop (not imported: that module pulls in React). */
const UI_MAX_PAUSE_MS = 60_000;

const maxModelMs = (config: BenchConfig) => config.maxModelMinutes * 60_000;

/* ------------------------------------------------------------------ (a) batches */

async function addLibrary(as: SignedIn, library: readonly LibraryEntry[]): Promise<void> {
  for (const b of library) {
    await as.mutation(api.books.create, {
      title: b.title,
      author: b.author,
      ...(b.isbn13 ? { isbn: b.isbn13 } : {}),
      status: b.status,
    });
  }
}

export async function runBatchWorkload(
  config: BenchConfig,
  implementation: Implementation,
  hooks: WorkloadHooks = {},
): Promise<BatchWorkloadResult> {
  const catalogue = generateCatalogue(config, config.batchLibrary, "batch");
  const emulator = useEmulator(catalogue, config, `batch:${implementation}`);
  const googleApiKey = setGoogleKey(config);
  const t = (hooks.backend ?? newBackend)();
  const { userId, as } = await createUser(t);
  await addLibrary(as, catalogue.library);
  await hooks.onStart?.(t, userId);

  const batches: BatchRecord[] = [];
  const naiveStats: NaiveStats = { requests: 0, imageDownloads: 0 };
  const naiveReasons = new Map<string, NaiveReason>();
  const startedAt = Date.now();

  const work = async () => {
    if (implementation === "folio") {
      let cursor: string | undefined;
      for (;;) {
        const s = Date.now();
        const r = await as.action(api.books.fetchMissingCovers, { limit: config.batchSize, ...(cursor ? { cursor } : {}) });
        batches.push({
          ms: Date.now() - s,
          processed: r.processed,
          updated: r.updated,
          failures: r.failures.length,
          ...(r.retryAfterMs !== undefined ? { retryAfterMs: r.retryAfterMs } : {}),
        });
        if (!r.nextCursor) return;
        // Like the UI (components/covers/useFetchMissingCovers.ts): wait what the source asked
        // for, at most a minute, then follow the cursor.
        if (r.retryAfterMs) await modelSleep(Math.min(r.retryAfterMs, UI_MAX_PAUSE_MS));
        cursor = r.nextCursor;
      }
    }
    const books = (await userBooks(t, userId)).sort((a, b) => a._creationTime - b._creationTime);
    for (let i = 0; i < books.length; i += config.batchSize) {
      const s = Date.now();
      const record: BatchRecord = { ms: 0, processed: 0, updated: 0, failures: 0 };
      for (const book of books.slice(i, i + config.batchSize)) {
        const r = await naiveLookup(
          { title: book.title, author: book.author, isbn: book.isbn },
          { googleApiKey, stats: naiveStats },
        );
        record.processed++;
        if ("url" in r) {
          await writeNaiveCover(t, book._id, r.url, r.source);
          record.updated++;
        } else {
          naiveReasons.set(book._id, r.reason);
          record.failures++;
        }
      }
      record.ms = Date.now() - s;
      batches.push(record);
    }
  };

  const { steps } = await drive(work(), { maxModelMs: maxModelMs(config) });
  const totalMs = Date.now() - startedAt;
  const outcome = judge(
    catalogue,
    await userBooks(t, userId),
    startedAt,
    implementation === "baseline" ? naiveReasons : undefined,
  );
  await cooldown(config);
  return {
    implementation,
    startedAt,
    batches,
    totalMs,
    processed: batches.reduce((n, b) => n + b.processed, 0),
    requests: emulator.stats.requests,
    rateLimited: emulator.stats.rateLimited,
    emulator: emulator.stats,
    outcome,
    steps,
  };
}

/* ------------------------------------------------------------------- (b) import */

/** The generated library as parsed rows of a Goodreads export, through the real parser. */
export function importRows(config: BenchConfig, catalogue: Catalogue): ImportRow[] {
  const parsed = parseImportFile("goodreads_library_export.csv", toGoodreadsCsv(catalogue.library, config.seed));
  if (parsed.format !== "goodreads") throw new Error(`the generated export parsed as ${parsed.format}`);
  if (parsed.errors.length > 0) throw new Error(`the generated export has ${parsed.errors.length} bad rows`);
  return parsed.rows;
}

async function commitImport(as: SignedIn, config: BenchConfig, rows: ImportRow[]): Promise<Id<"books">[]> {
  const ids: Id<"books">[] = [];
  const clientImportId = `bench-${config.seed}-${Date.now()}`;
  for (let i = 0; i < rows.length; i += config.chunkSize) {
    const r = await as.mutation(api.imports.commit, {
      clientImportId,
      format: "goodreads",
      rows: rows.slice(i, i + config.chunkSize),
    });
    ids.push(...r.createdBookIds, ...r.mergedBookIds);
  }
  return ids;
}

export async function runImportWorkload(
  config: BenchConfig,
  implementation: Implementation,
  hooks: WorkloadHooks = {},
): Promise<ImportWorkloadResult> {
  const catalogue = generateCatalogue(config, config.importBooks, "import");
  const rows = importRows(config, catalogue);
  const emulator = useEmulator(catalogue, config, `import:${implementation}`);
  const googleApiKey = setGoogleKey(config);
  const t = (hooks.backend ?? newBackend)();
  const { userId, as } = await createUser(t);
  const findable = new Set(catalogue.library.filter((b) => b.findable).map((b) => b.title));
  const byTitle = new Map(catalogue.library.map((e) => [e.title, e]));

  const timeline: [number, number][] = [];
  let startedAt = Date.now();
  const sample = async (now: number) => {
    const books = await userBooks(t, userId);
    let n = 0;
    for (const b of books) {
      const entry = byTitle.get(b.title);
      if (b.apiCoverUrl && entry && findable.has(b.title) && isTrueCover(entry, b.apiCoverUrl)) n++;
    }
    timeline.push([now - startedAt, n]);
  };

  await hooks.onStart?.(t, userId);
  startedAt = Date.now();
  const bookIds = await commitImport(as, config, rows);

  let triggered = false;
  let endMs: number | null = null;
  let end: ImportWorkloadResult["end"];
  let steps: number;
  const naiveReasons = new Map<string, NaiveReason>();
  const naiveStats: NaiveStats = { requests: 0, imageDownloads: 0 };

  if (implementation === "folio") {
    let runDone = false;
    let nextSampleAt = startedAt;
    const check = async (now: number, force = false) => {
      if (now < nextSampleAt && !force) return;
      nextSampleAt = now - ((now - startedAt) % config.sampleMs) + config.sampleMs;
      await sample(now);
      const progress = await as.query(api.coverBackfill.progress, {});
      if (progress.run) triggered = true;
      if (progress.run?.state === "done") {
        runDone = true;
        endMs = (progress.run.finishedAt ?? now) - startedAt;
      }
    };
    await check(startedAt);
    ({ end, steps } = await driveUntil(() => runDone, {
      maxModelMs: maxModelMs(config),
      onTick: check,
      idleRealMs: 500,
    }));
    // The run may have finished after the last sample (then nothing is left on the clock).
    await check(Date.now(), true);
    if (runDone) end = "done";
  } else {
    // The commit may have scheduled Folio's own drain: cancel it, the baseline does the work.
    await t.run(async (ctx) => {
      for (const job of await ctx.db.system.query("_scheduled_functions").collect()) {
        if (job.state.kind === "pending") {
          triggered = true;
          await ctx.scheduler.cancel(job._id);
        }
      }
    });
    const work = async () => {
      for (const bookId of bookIds) {
        const book = await t.run((ctx) => ctx.db.get("books", bookId));
        if (!book || book.coverUrl || book.apiCoverUrl) continue;
        const r = await naiveLookup(
          { title: book.title, author: book.author, isbn: book.isbn },
          { googleApiKey, stats: naiveStats },
        );
        if ("url" in r) await writeNaiveCover(t, book._id, r.url, r.source);
        else naiveReasons.set(book._id, r.reason);
      }
    };
    let nextSampleAt = startedAt + config.sampleMs;
    ({ steps } = await drive(work(), {
      maxModelMs: maxModelMs(config),
      onTick: async (now) => {
        if (now < nextSampleAt) return;
        nextSampleAt = now - ((now - startedAt) % config.sampleMs) + config.sampleMs;
        await sample(now);
      },
    }));
    end = "done";
    endMs = Date.now() - startedAt;
    await sample(Date.now());
  }

  const books = await userBooks(t, userId);
  const outcome = judge(
    catalogue,
    hooks.otherBooks ? books.filter((b) => byTitle.has(b.title)) : books,
    startedAt,
    implementation === "baseline" ? naiveReasons : undefined,
  );
  await cooldown(config);
  return {
    implementation,
    startedAt,
    rows: rows.length,
    endMs,
    end,
    triggered,
    requests: emulator.stats.requests,
    rateLimited: emulator.stats.rateLimited,
    emulator: emulator.stats,
    outcome,
    timeline,
    steps,
    floor: importFloor(catalogue.library, config),
  };
}

/** Lets stragglers (requests that hang past the timeout) finish before the next workload, and idles the rate limiters. */
async function cooldown(config: BenchConfig): Promise<void> {
  await driveUntil(() => false, { maxModelMs: config.hangMs + 10_000, idleRealMs: 100 });
  server.resetHandlers();
}

/* ------------------------------------------------------ requests by reader */

/**
 * Which reader each cover-source request was for: a request asks about ISBNs (an ISBN batch, the
 * Books API, Google's `isbn:`) or one title + author, and each of those belongs to one reader's
 * library. Returns the handler that notes every request (it answers nothing: the emulator answers)
 * and the notes, `[model ms, reader]`.
 */
function requestsByReader(libraries: readonly (readonly LibraryEntry[])[]) {
  const byIsbn = new Map<string, number>();
  const byTitle = new Map<string, number>();
  libraries.forEach((library, r) => {
    for (const b of library) {
      if (b.isbn13) byIsbn.set(b.isbn13, r);
      byTitle.set(searchTitle(b.title).toLowerCase(), r);
    }
  });
  const notes: [number, number][] = [];
  const readerOf = (url: URL): number | undefined => {
    const q = url.searchParams.get("q") ?? "";
    const isbns = [
      ...(isbnBatchQuery(q) ?? []),
      ...(url.searchParams.get("bibkeys") ?? "").split(",").map((k) => k.replace(/^ISBN:/i, "")),
      ...(/isbn:(\d{13})/.exec(q)?.slice(1) ?? []),
    ];
    for (const isbn of isbns) if (byIsbn.has(isbn)) return byIsbn.get(isbn);
    const title = url.searchParams.get("title") ?? /intitle:"([^"]*)"/.exec(q)?.[1];
    return title === undefined ? undefined : byTitle.get(title.toLowerCase());
  };
  const note = ({ request }: { request: Request }) => {
    const reader = readerOf(new URL(request.url));
    if (reader !== undefined) notes.push([Date.now(), reader]);
    return undefined;
  };
  const handlers = [http.get("https://openlibrary.org/*", note), http.get("https://www.googleapis.com/books/v1/volumes", note)];
  return { handlers, notes };
}

/* --------------------------------------------------------------- (c) concurrent */

export interface ConcurrentWorkloadResult {
  startedAt: number;
  readers: number;
  /** Per importing reader: their books' outcome (cover times from the shared start). */
  outcomes: CoverOutcome[];
  /** Per importing reader: findable books that only a title search finds (the rest the Books API answers). */
  searchOnly: number[];
  /** Model ms from a single book's creation to its cover, for the findable single books that got one. */
  singleBookMs: number[];
  singleBooks: number;
  /** Books whose last recorded reason is `timeout` although none of their requests hung. */
  falseTimeouts: number;
  /** Every request for an importing reader's books: [model ms from the start, reader]. */
  readerRequests: [number, number][];
  /** Model ms (from the start) until the first reader's import run ended: until then every reader was backlogged. */
  allBackloggedUntilMs: number | null;
  timeouts: number;
  endMs: number | null;
  end: "done" | "timeout" | "idle";
  requests: number;
  rateLimited: number;
  emulator: EmulatorStats;
}

/** A `timeout` recorded on a book none of whose requests (search by its title, Books API by its ISBN) hung. */
function isFalseTimeout(book: Doc<"books">, hungKeys: Set<string>): boolean {
  if (book.coverLastReason !== "timeout") return false;
  if (book.isbn && hungKeys.has(book.isbn)) return false;
  const title = book.title.toLowerCase();
  for (const key of hungKeys) if (key && title.startsWith(key)) return false;
  return true;
}

/**
 * (c) `concurrentReaders` readers each import a `concurrentLibrary`-book library at the same
 * moment; meanwhile one more reader adds `singleBooks` findable books one by one (as AddBookSheet
 * does: create, then fetchMissingCovers({ bookIds: [id] })). One catalogue serves them all.
 */
export async function runConcurrentWorkload(config: BenchConfig, hooks: WorkloadHooks = {}): Promise<ConcurrentWorkloadResult> {
  const perReader = config.concurrentLibrary;
  const readers = config.concurrentReaders;
  const catalogue = generateCatalogue(config, readers * perReader + config.singleBooks * 4, "concurrent");
  const emulator = useEmulator(catalogue, config, "concurrent");
  setGoogleKey(config);
  const t = (hooks.backend ?? newBackend)();
  const libraries = Array.from({ length: readers }, (_, r) => catalogue.library.slice(r * perReader, (r + 1) * perReader));
  const attribution = requestsByReader(libraries);
  // Noted first, then answered by the emulator.
  server.use(...attribution.handlers);
  const singles = catalogue.library
    .slice(readers * perReader)
    .filter((b) => b.findable)
    .slice(0, config.singleBooks);
  const users: { userId: Id<"users">; as: SignedIn }[] = [];
  for (let r = 0; r < readers; r++) users.push(await createUser(t, `Reader ${r}`));
  const adder = await createUser(t, "Adder");

  const rows = libraries.map((library) => {
    const parsed = parseImportFile("goodreads_library_export.csv", toGoodreadsCsv(library, config.seed));
    if (parsed.errors.length > 0) throw new Error("the generated export has bad rows");
    return parsed.rows;
  });
  await hooks.onStart?.(t, users[0].userId);
  const startedAt = Date.now();
  // Every reader commits at the same model moment (no timer runs between the commits).
  for (let r = 0; r < readers; r++) await commitImport(users[r].as, config, rows[r]);

  const singleBookMs: number[] = [];
  let added = 0;
  const addSingles = async () => {
    for (const b of singles) {
      await modelSleep(config.singleBookEveryMs);
      const createdAt = Date.now();
      const id = await adder.as.mutation(api.books.create, {
        title: b.title,
        author: b.author,
        ...(b.isbn13 ? { isbn: b.isbn13 } : {}),
        status: b.status,
      });
      added++;
      await adder.as.action(api.books.fetchMissingCovers, { bookIds: [id] });
      const book = await t.run((ctx) => ctx.db.get("books", id));
      if (book?.apiCoverUrl && isTrueCover(b, book.apiCoverUrl)) singleBookMs.push(book.updatedAt - createdAt);
    }
  };
  let singlesDone = false;
  void addSingles().finally(() => {
    singlesDone = true;
  });

  let runsDone = 0;
  let endMs: number | null = null;
  let firstDoneMs: number | null = null;
  let nextCheck = startedAt;
  const check = async (now: number) => {
    if (now < nextCheck) return;
    nextCheck = now + 5000;
    runsDone = 0;
    const processed: number[] = [];
    for (const u of users) {
      const run = (await u.as.query(api.coverBackfill.progress, {})).run;
      if (run?.state === "done") {
        runsDone++;
        firstDoneMs ??= (run.finishedAt ?? now) - startedAt;
      }
      processed.push(run?.processed ?? 0);
    }
    if (process.env.BENCH_DEBUG_PROGRESS)
      process.stderr.write(`PROGRESS ${Math.round((now - startedAt) / 1000)} ${processed.join(",")}\n`);
    if (runsDone === readers && endMs === null) endMs = now - startedAt;
  };
  const { end: driven } = await driveUntil(() => runsDone === readers && singlesDone, {
    maxModelMs: maxModelMs(config),
    onTick: check,
    idleRealMs: 500,
  });
  // The runs may have ended after the last check (then nothing is left on the clock).
  nextCheck = 0;
  await check(Date.now());
  const end = runsDone === readers && singlesDone ? "done" : driven;

  const outcomes: CoverOutcome[] = [];
  let falseTimeouts = 0;
  let timeouts = 0;
  const all: Doc<"books">[] = [];
  for (const u of [...users, adder]) all.push(...(await userBooks(t, u.userId)));
  for (const b of all) {
    if (b.coverLastReason === "timeout") timeouts++;
    if (isFalseTimeout(b, emulator.stats.hungKeys)) falseTimeouts++;
  }
  for (let r = 0; r < readers; r++) {
    const sub: Catalogue = { ...catalogue, library: libraries[r] };
    outcomes.push(judge(sub, await userBooks(t, users[r].userId), startedAt));
  }
  await cooldown(config);
  return {
    startedAt,
    readers,
    outcomes,
    searchOnly: libraries.map((library) => library.filter((b) => b.findable && b.via !== "books_api").length),
    singleBookMs,
    singleBooks: added,
    falseTimeouts,
    readerRequests: attribution.notes.map(([at, r]) => [at - startedAt, r]),
    allBackloggedUntilMs: firstDoneMs,
    timeouts,
    endMs,
    end,
    requests: emulator.stats.requests,
    rateLimited: emulator.stats.rateLimited,
    emulator: emulator.stats,
  };
}

/* ------------------------------------------------------------------ (e) overlap */

export interface OverlapWorkloadResult {
  startedAt: number;
  readers: number;
  withCatalogue: boolean;
  /** Requests to the cover sources. */
  requests: number;
  /** Books (over every reader) that got a cover. */
  covered: number;
  findableCovered: number;
  findable: number;
  wrongCovers: number;
  /** Distinct catalogue books among the readers' libraries. */
  distinctBooks: number;
  endMs: number | null;
  end: "done" | "timeout" | "idle";
  emulator: EmulatorStats;
}

/** `count` distinct indices of `n`, drawn with weights 1/rank^s (Zipf-like: a few books are in most libraries). */
export function zipfSample(rng: Rng, n: number, count: number, s: number): number[] {
  const weights = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
  const picked = new Set<number>();
  let total = weights.reduce((a, b) => a + b, 0);
  while (picked.size < Math.min(count, n)) {
    let u = rng.next() * total;
    let k = 0;
    while (k < n - 1 && (picked.has(k) || u >= weights[k])) {
      if (!picked.has(k)) u -= weights[k];
      k++;
    }
    picked.add(k);
    total -= weights[k];
  }
  return [...picked];
}

/**
 * (e) `overlapReaders` readers, one every `overlapStaggerMs`, each import `overlapBooks` books drawn
 * Zipf-like from one `overlapCatalogue`-book catalogue: popular books are in many libraries. With
 * the shared catalogue of facts, a popular book's sources are asked once; `withCatalogue: false`
 * empties the catalogue after every step (facts then live only within one step).
 */
export async function runOverlapWorkload(config: BenchConfig, withCatalogue: boolean): Promise<OverlapWorkloadResult> {
  const catalogue = generateCatalogue(config, config.overlapCatalogue, "overlap");
  const emulator = useEmulator(catalogue, config, `overlap:${withCatalogue}`);
  setGoogleKey(config);
  const t = newBackend();
  const rng = createRng(config.seed).fork("overlap:draws");
  const libraries = Array.from({ length: config.overlapReaders }, () =>
    zipfSample(rng, catalogue.library.length, config.overlapBooks, config.overlapZipf).map((i) => catalogue.library[i]),
  );
  const users: { userId: Id<"users">; as: SignedIn }[] = [];
  for (let r = 0; r < libraries.length; r++) users.push(await createUser(t, `Reader ${r}`));
  const rows = libraries.map((library) => {
    const parsed = parseImportFile("goodreads_library_export.csv", toGoodreadsCsv(library, config.seed));
    if (parsed.errors.length > 0) throw new Error("the generated export has bad rows");
    return parsed.rows;
  });
  const startedAt = Date.now();
  let imported = 0;
  const importAll = async () => {
    for (let r = 0; r < libraries.length; r++) {
      if (r > 0) await modelSleep(config.overlapStaggerMs);
      await commitImport(users[r].as, config, rows[r]);
      imported++;
    }
  };
  void importAll();

  let runsDone = 0;
  let endMs: number | null = null;
  let nextCheck = startedAt;
  const onTick = async (now: number) => {
    if (!withCatalogue)
      await t.run(async (ctx) => {
        for (const fact of await ctx.db.query("coverCatalogue").collect()) await ctx.db.delete("coverCatalogue", fact._id);
      });
    if (now < nextCheck) return;
    nextCheck = now + 5000;
    runsDone = 0;
    for (const u of users) if ((await u.as.query(api.coverBackfill.progress, {})).run?.state === "done") runsDone++;
    if (runsDone === libraries.length && imported === libraries.length && endMs === null) endMs = now - startedAt;
  };
  const { end: driven } = await driveUntil(() => endMs !== null, { maxModelMs: maxModelMs(config), onTick, idleRealMs: 500 });
  nextCheck = 0;
  await onTick(Date.now());
  const end = endMs !== null ? "done" : driven;

  let covered = 0;
  let findableCovered = 0;
  let findable = 0;
  let wrongCovers = 0;
  for (let r = 0; r < libraries.length; r++) {
    const o = judge({ ...catalogue, library: libraries[r] }, await userBooks(t, users[r].userId), startedAt);
    covered += o.covered;
    findableCovered += o.findableCovered;
    findable += o.findable;
    wrongCovers += o.wrongCovers;
  }
  await cooldown(config);
  return {
    startedAt,
    readers: libraries.length,
    withCatalogue,
    requests: emulator.stats.requests,
    covered,
    findableCovered,
    findable,
    wrongCovers,
    distinctBooks: new Set(libraries.flat().map((b) => b.title)).size,
    endMs,
    end,
    emulator: emulator.stats,
  };
}
