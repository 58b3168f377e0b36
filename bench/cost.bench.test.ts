/**
 * `npm run bench:cost` (vitest.bench.config.ts with BENCH_SUITE=cost): what the cover engine costs a
 * Convex deployment, measured on convex-test with every function metered (scripts/bench/meter.ts)
 * while bench:covers' own workloads run on the virtual clock. Prints a table and writes
 * bench-results/cost.json. Asserts only that the workloads ran. Settings: scripts/bench/config.ts
 * (`--seed`, and the model's settings).
 */
import { convexTest } from "convex-test";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { api } from "../convex/_generated/api";
import schema from "../convex/schema";
import { drive } from "../scripts/bench/clock";
import { installVirtualClock, uninstallVirtualClock, warmUp } from "../scripts/bench/clock";
import { resolveConfig } from "../scripts/bench/config";
import {
  concurrentActionsPerStep,
  costTotals,
  fillLibrary,
  formatCostReport,
  largestDocument,
  limitUses,
  perBooks,
  reservationsOf,
  round,
  type CostReport,
} from "../scripts/bench/cost";
import { createMeter, meteredModules, type Meter } from "../scripts/bench/meter";
import { runBatchWorkload, runConcurrentWorkload, runImportWorkload } from "../scripts/bench/workloads";
import type { TestConvex } from "../tests/support/users";
import { modules } from "../tests/convex/modules";

const args: string[] = JSON.parse(process.env.BENCH_COVERS_ARGS ?? "[]");
const config = resolveConfig(args, process.env);
const out = process.env.BENCH_OUT || "bench-results/cost.json";
const LARGE_READER_BOOKS = 20_000;
/** Rows the 20,000-book reader imports: two of the UI's 250-row chunks (every call is per chunk or per step, so more rows add time, not a larger call). */
const LARGE_IMPORT_ROWS = 500;
/** "Fetch missing covers" batches the 20,000-book reader runs before importing (its first screenful of work). */
const LARGE_READER_BATCHES = 3;

beforeAll(async () => {
  await warmUp(modules);
  installVirtualClock();
});
afterAll(() => {
  uninstallVirtualClock();
});

const meteredBackend = (meter: Meter) => () => convexTest(schema, meteredModules(modules, meter)) as unknown as TestConvex;

test("cover engine cost benchmark", async () => {
  const realStart = performance.now();
  const print = console.info.bind(console);
  vi.spyOn(console, "info").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  const quiet = { ...config, baseline: false };

  // (1) One reader imports 1,000 books; the drain runs to its end.
  const importMeter = createMeter();
  const importBooks = 1_000;
  const imported = await runImportWorkload({ ...quiet, importBooks }, "folio", {
    backend: meteredBackend(importMeter),
    onStart: () => importMeter.reset(),
  });
  expect(imported.end).toBe("done");
  const importTotals = costTotals(importMeter.calls);
  print(`  (1) import of ${importBooks} books: ${importTotals.calls.total} calls`);

  // (2) "Fetch missing covers" over a 2,000-book library, batch after batch like the UI.
  const fetchMeter = createMeter();
  const fetched = await runBatchWorkload({ ...quiet, batchLibrary: 2_000 }, "folio", {
    backend: meteredBackend(fetchMeter),
    onStart: () => fetchMeter.reset(),
  });
  expect(fetched.processed).toBeGreaterThan(0);
  const fetchTotals = costTotals(fetchMeter.calls);
  print(`  (2) "Fetch missing covers" over 2,000 books: ${fetchTotals.calls.total} calls`);

  // (3) Ten readers import at once: writes of the pacing documents per request sent, actions at once.
  const tenMeter = createMeter();
  const ten = await runConcurrentWorkload(quiet, {
    backend: meteredBackend(tenMeter),
    onStart: () => tenMeter.reset(),
  });
  expect(ten.outcomes).toHaveLength(quiet.concurrentReaders);
  const tenReservations = reservationsOf(tenMeter.calls);
  print(`  (3) ten readers: ${tenReservations.calls} reservations for ${ten.requests} requests`);

  // (4) A 20,000-book reader (19,500 already there, a fifth without a cover) runs "Fetch missing
  //     covers", then imports 500 rows; every call is kept for the limits.
  const largeMeter = createMeter();
  let largeBackend: TestConvex | undefined;
  const large = await runImportWorkload({ ...quiet, importBooks: LARGE_IMPORT_ROWS, sampleMs: 30_000 }, "folio", {
    backend: () => (largeBackend = meteredBackend(largeMeter)()),
    otherBooks: true,
    onStart: async (t, userId) => {
      await fillLibrary(t, userId, LARGE_READER_BOOKS - LARGE_IMPORT_ROWS);
      const sessionId = await t.run((ctx) => ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 }));
      const as = t.withIdentity({ subject: `${userId}|${sessionId}` });
      const batches = async () => {
        let cursor: string | undefined;
        for (let i = 0; i < LARGE_READER_BATCHES; i++) {
          const r = await as.action(api.books.fetchMissingCovers, cursor ? { cursor } : {});
          if (!r.nextCursor) return;
          cursor = r.nextCursor;
        }
      };
      await drive(batches(), { maxModelMs: 10 * 60_000 });
    },
  });
  expect(large.end).toBe("done");
  const documentLimit = await largestDocument(largeBackend!);

  const limits = limitUses([...largeMeter.calls, ...importMeter.calls, ...fetchMeter.calls, ...tenMeter.calls]);
  limits.push(documentLimit);
  const top = limits.reduce((a, b) => (b.share > a.share ? b : a));

  const reserveCallsPerGrant = ten.requests > 0 ? round(tenReservations.calls / ten.requests, 2) : null;
  const report: CostReport = {
    seed: config.seed,
    import: {
      books: importBooks,
      callsPer1000Books: perBooks(importTotals, importBooks, 1000).calls.total,
      calls: perBooks(importTotals, importBooks, 1000).calls,
      per1000Books: perBooks(importTotals, importBooks, 1000),
      totals: importTotals,
      requests: imported.requests,
    },
    fetchMissing2000: { books: 2_000, calls: fetchTotals.calls, totals: fetchTotals, requests: fetched.requests },
    largestShareOfLimit: { share: top.share, functionName: top.functionName, limit: top.limit },
    limits,
    largeReader: { books: LARGE_READER_BOOKS, importRows: LARGE_IMPORT_ROWS },
    concurrentActionsPerStep: concurrentActionsPerStep([...importMeter.calls, ...tenMeter.calls, ...largeMeter.calls]),
    peakConcurrentActions: { import: importMeter.running.peakActions, tenReaders: tenMeter.running.peakActions },
    reserveCallsPerGrant10Readers: reserveCallsPerGrant,
    tenReaders: {
      reserveCalls: tenReservations.calls,
      requests: ten.requests,
      reserveCallsPerMinute: tenReservations.perMinute,
      reservingFunctions: tenReservations.byFunction,
    },
    realTimeMs: Math.round(performance.now() - realStart),
  };
  vi.restoreAllMocks();

  const file = path.resolve(out);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  print(formatCostReport(report) + `  JSON: ${path.relative(process.cwd(), file)}\n`);
});
