/**
 * `npm run bench:covers` and `npm run bench:cost`: the emulated cover-source benchmarks
 * (scripts/bench/, bench/<BENCH_SUITE>.bench.test.ts, covers unless BENCH_SUITE says otherwise).
 * Kept out of `npm test`: vitest.config.ts only includes tests/{lib,convex,ui}/**.
 */
import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    name: "bench",
    globals: true,
    environment: "edge-runtime",
    include: [`bench/${process.env.BENCH_SUITE ?? "covers"}.bench.test.ts`],
    setupFiles: ["tests/msw/setup.ts"],
    server: { deps: { inline: ["convex-test"] } },
    // One long test that drives a virtual clock (the concurrent and 2,000-book workloads take minutes of real time).
    testTimeout: 3_600_000,
    hookTimeout: 60_000,
    // Print the table as it is written.
    silent: false,
    reporters: ["default"],
    pool: "forks",
    fileParallelism: false,
  },
});
