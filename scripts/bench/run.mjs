#!/usr/bin/env node
/**
 * `npm run bench:covers [-- flags]` and `npm run bench:cost [-- flags]` (`run.mjs cost`): runs
 * bench/<suite>.bench.test.ts with vitest.bench.config.ts, passing the flags through
 * BENCH_COVERS_ARGS (vitest would reject unknown CLI flags), then adds the commit and the real
 * time taken to bench-results/<suite>.json.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const suite = process.argv[2] === "cost" ? "cost" : "covers";
const args = process.argv.slice(suite === "cost" ? 3 : 2);
if (args.includes("--help") || args.includes("-h")) {
  // config.ts is TypeScript: print its help through tsx (a devDependency).
  const help = spawnSync(
    process.execPath,
    ["--import", "tsx", "-e", "import('./scripts/bench/config.ts').then((m) => console.info(m.helpText()))"],
    { stdio: "inherit" },
  );
  process.exit(help.status ?? 1);
}

const outFlag = args.findIndex((a) => a === "--out" || a.startsWith("--out="));
const out =
  outFlag === -1
    ? process.env.BENCH_OUT || `bench-results/${suite}.json`
    : args[outFlag].includes("=")
      ? args[outFlag].slice("--out=".length)
      : args[outFlag + 1];

const started = Date.now();
const vitest = spawnSync(
  process.execPath,
  [path.resolve("node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.bench.config.ts"],
  { stdio: "inherit", env: { ...process.env, BENCH_SUITE: suite, BENCH_OUT: out, BENCH_COVERS_ARGS: JSON.stringify(args) } },
);
const realTimeMs = Date.now() - started;

if (vitest.status === 0 && existsSync(out)) {
  const report = JSON.parse(readFileSync(out, "utf8"));
  const git = (...a) => spawnSync("git", a, { encoding: "utf8" });
  const commit = git("rev-parse", "HEAD").stdout?.trim() || null;
  const dirty = (git("status", "--porcelain").stdout ?? "").trim() !== "";
  writeFileSync(out, JSON.stringify({ ...report, commit, dirtyTree: dirty, totalRealTimeMs: realTimeMs }, null, 2) + "\n");
  console.info(
    `bench:${suite} finished in ${(realTimeMs / 1000).toFixed(1)} s real time (commit ${commit?.slice(0, 7)}${dirty ? ", uncommitted changes" : ""}); figures in ${out}`,
  );
}
process.exit(vitest.status ?? 1);
