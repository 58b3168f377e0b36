/**
 * Wall time of an import commit under convex-test (in-memory backend, real Convex limits enforced).
 *
 *   npx tsx scripts/bench-import-commit.ts [rows=5000]
 *
 * Commits `rows` realistic Goodreads rows for one reader in chunks of CHUNK_MAX_ROWS through
 * `api.imports.commit`, then prints one JSON line with the timings. convex-test answers every index
 * range by scanning the whole table, so chunk time grows with the library; on a real deployment an
 * index range costs O(log n) and these figures are an upper bound, not a prediction.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { convexTest } from "convex-test";
import { api } from "../convex/_generated/api";
import { CHUNK_MAX_ROWS } from "../convex/model/importCommit";
import schema from "../convex/schema";
import { fullImportRow } from "../tests/support/importRows";

/** What `import.meta.glob("../convex/**")` gives under Vite, built by hand for plain Node. */
function convexModules(): Record<string, () => Promise<unknown>> {
  const root = path.resolve(import.meta.dirname, "../convex");
  const modules: Record<string, () => Promise<unknown>> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        modules["../convex/" + path.relative(root, full).split(path.sep).join("/")] = () => import(pathToFileURL(full).href);
      }
    }
  };
  walk(root);
  return modules;
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 5000);
  if (!Number.isInteger(total) || total < 1 || total > 10_000) throw new Error("rows must be 1..10000");

  const t = convexTest({ schema, modules: convexModules(), transactionLimits: true });
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
  console.log(
    JSON.stringify({
      event: "bench_import_commit",
      rows: total,
      chunks: chunkMs.length,
      chunkRows: CHUNK_MAX_ROWS,
      wallMs: Math.round(wallMs),
      rowsPerSecond: Math.round((total / wallMs) * 1000),
      chunkMs: {
        first: Math.round(chunkMs[0]),
        median: Math.round(sorted[Math.floor(sorted.length / 2)]),
        last: Math.round(chunkMs[chunkMs.length - 1]),
      },
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
