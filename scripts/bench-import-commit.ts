/**
 * Wall time of an import commit under convex-test (in-memory backend, real Convex limits enforced).
 *
 *   npx tsx scripts/bench-import-commit.ts [rows=5000]
 *
 * Commits `rows` realistic Goodreads rows for one reader in chunks of CHUNK_MAX_ROWS through
 * `api.imports.commit`, with every Convex transaction limit cut to a third (a chunk that needs more
 * fails the run), then prints one JSON line with the timings and exits. convex-test answers every
 * index range by scanning the whole table, so chunk time grows with the library; on a real
 * deployment an index range costs O(log n) and these figures are an upper bound, not a prediction.
 *
 * The commit schedules the import's cover backfill. Its lookups never reach the network: every
 * outbound request is answered 503 with a one-hour Retry-After, so the drain parks after one
 * request and the figures are the commit's alone.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { convexTest } from "convex-test";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { api } from "../convex/_generated/api";
import { CHUNK_MAX_ROWS } from "../convex/model/importCommit";
import schema from "../convex/schema";
import { fullImportRow } from "../tests/support/importRows";
import { convexTestModules } from "./convexTestModules";

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 5000);
  if (!Number.isInteger(total) || total < 1 || total > 10_000) throw new Error("rows must be 1..10000");

  const sources = setupServer(http.all("*", () => new HttpResponse(null, { status: 503, headers: { "Retry-After": "3600" } })));
  sources.listen({ onUnhandledRequest: "error" });
  /** Convex's per-transaction limits (docs.convex.dev/production/state/limits), each cut to a third. */
  const third = {
    bytesRead: Math.floor((16 * 2 ** 20) / 3),
    bytesWritten: Math.floor((16 * 2 ** 20) / 3),
    documentsRead: Math.floor(32_000 / 3),
    databaseQueries: Math.floor(4_096 / 3),
    documentsWritten: Math.floor(16_000 / 3),
  };
  const t = convexTest({ schema, modules: convexTestModules(), transactionLimits: third });
  const userId = await t.run((ctx) => ctx.db.insert("users", { name: "Bench" }));
  const sessionId = await t.run((ctx) => ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 }));
  const as = t.withIdentity({ subject: `${userId}|${sessionId}` });

  const rows = Array.from({ length: total }, (_, i) => fullImportRow(i));
  const chunkMs: number[] = [];
  let created = 0;
  const started = performance.now();
  for (let i = 0; i < total; i += CHUNK_MAX_ROWS) {
    const chunkStart = performance.now();
    const result = await as.mutation(api.imports.commit, {
      clientImportId: "bench",
      format: "goodreads",
      rows: rows.slice(i, i + CHUNK_MAX_ROWS),
    });
    chunkMs.push(performance.now() - chunkStart);
    created += result.created;
  }
  const wallMs = performance.now() - started;
  if (created !== total) throw new Error(`expected ${total} created, got ${created}`);

  const sorted = [...chunkMs].sort((a, b) => a - b);
  const figures = {
    event: "bench_import_commit",
    rows: total,
    chunks: chunkMs.length,
    chunkRows: CHUNK_MAX_ROWS,
    limits: "a third of Convex's per-transaction limits",
    wallMs: Math.round(wallMs),
    rowsPerSecond: Math.round((total / wallMs) * 1000),
    chunkMs: {
      first: Math.round(chunkMs[0]),
      median: Math.round(sorted[Math.floor(sorted.length / 2)]),
      last: Math.round(chunkMs[chunkMs.length - 1]),
    },
  };
  console.log(JSON.stringify(figures));
  const out = path.resolve(import.meta.dirname, "../bench-results");
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "import-commit.json"), JSON.stringify(figures, null, 2) + "\n");
}

// The scheduled cover backfill keeps timers armed (parked on the one-hour Retry-After): the
// benchmark is done once its line is printed.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
