/**
 * `npm run bench:covers` (vitest.bench.config.ts): Folio's cover backfill against emulated cover
 * sources on a virtual clock, next to a naive baseline. Prints a table and writes
 * bench-results/covers.json. Asserts only that the workloads ran, never timings.
 * Settings: scripts/bench/config.ts (`npm run bench:covers -- --help`).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { installVirtualClock, uninstallVirtualClock, warmUp } from "../scripts/bench/clock";
import { resolveConfig } from "../scripts/bench/config";
import {
  batchFigures,
  concurrentFigures,
  formatReport,
  importFigures,
  overlapFigures,
  ratio,
  type BenchReport,
} from "../scripts/bench/report";
import { runBatchWorkload, runConcurrentWorkload, runImportWorkload, runOverlapWorkload } from "../scripts/bench/workloads";
import { modules } from "../tests/convex/modules";

const args: string[] = JSON.parse(process.env.BENCH_COVERS_ARGS ?? "[]");
const config = resolveConfig(args, process.env);
const workloads = new Set(config.workloads.split(",").map((w) => w.trim()));
const googleKeyBefore = process.env.GOOGLE_BOOKS_API_KEY;

beforeAll(async () => {
  await warmUp(modules);
  installVirtualClock();
});
afterAll(() => {
  uninstallVirtualClock();
  if (googleKeyBefore === undefined) delete process.env.GOOGLE_BOOKS_API_KEY;
  else process.env.GOOGLE_BOOKS_API_KEY = googleKeyBefore;
});

test("cover backfill benchmark", async () => {
  const realStart = performance.now();
  // The backfill's structured log lines (one per batch) would bury the table: count them instead.
  const print = console.info.bind(console);
  const logLines = { info: 0, warn: 0 };
  vi.spyOn(console, "info").mockImplementation(() => void logLines.info++);
  vi.spyOn(console, "warn").mockImplementation(() => void logLines.warn++);

  const report: BenchReport = { baseline: {}, ratio: {}, config, seed: config.seed, realTimeMs: 0 };

  const traces: Record<string, unknown> = {};
  const trace = (name: string, r: { startedAt: number; emulator: { log: [number, ...unknown[]][] } }) => {
    if (config.trace) traces[name] = r.emulator.log.map(([at, ...rest]) => [at - r.startedAt, ...rest]);
  };

  if (workloads.has("batch")) {
    const ours = await runBatchWorkload(config, "folio");
    expect(ours.batches.length).toBeGreaterThan(0);
    report.batch = batchFigures(ours, config.batchLibrary, config);
    trace("batch", ours);
    if (config.baseline) {
      const naive = await runBatchWorkload(config, "baseline");
      report.baseline.batch = batchFigures(naive, config.batchLibrary, config);
      trace("baselineBatch", naive);
    }
  }
  if (workloads.has("import")) {
    const ours = await runImportWorkload(config, "folio");
    expect(ours.outcome.books).toBe(config.importBooks);
    // Sanity, not timing: the commit started the server-side backfill and it ran to the end.
    expect(ours.triggered).toBe(true);
    expect(ours.end).toBe("done");
    report.import = importFigures(ours, config);
    trace("import", ours);
    if (config.baseline) {
      const naive = await runImportWorkload(config, "baseline");
      report.baseline.import = importFigures(naive, config);
      trace("baselineImport", naive);
    }
  }

  if (workloads.has("concurrent")) {
    const r = await runConcurrentWorkload(config);
    expect(r.outcomes).toHaveLength(config.concurrentReaders);
    report.concurrent = concurrentFigures(r);
    trace("concurrent", r);
  }
  if (workloads.has("overlap")) {
    const withCatalogue = await runOverlapWorkload(config, true);
    const without = await runOverlapWorkload(config, false);
    expect(withCatalogue.end).toBe("done");
    report.overlap = overlapFigures(withCatalogue, without, config.overlapBooks);
  }
  if (workloads.has("import2000")) {
    const big = { ...config, importBooks: config.bigImportBooks };
    const r = await runImportWorkload(big, "folio");
    expect(r.outcome.books).toBe(config.bigImportBooks);
    expect(r.triggered).toBe(true);
    report.import2000 = importFigures(r, big);
    trace("import2000", r);
  }

  const b = report.batch;
  const bb = report.baseline.batch;
  const i = report.import;
  const bi = report.baseline.import;
  report.ratio = {
    batchP50: ratio(bb?.p50Ms, b?.p50Ms),
    batchP95: ratio(bb?.p95Ms, b?.p95Ms),
    batchMax: ratio(bb?.maxMs, b?.maxMs),
    importT50: ratio(bi?.t50Ms, i?.t50Ms),
    importT90: ratio(bi?.t90Ms, i?.t90Ms),
    importT100: ratio(bi?.t100Ms, i?.t100Ms),
  };
  report.realTimeMs = Math.round(performance.now() - realStart);
  report.logLines = logLines;
  vi.restoreAllMocks();

  const out = path.resolve(config.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
  if (config.trace) writeFileSync(out.replace(/\.json$/, "") + ".trace.json", JSON.stringify(traces));
  print(formatReport(report) + `  JSON: ${path.relative(process.cwd(), out)}\n`);
});
