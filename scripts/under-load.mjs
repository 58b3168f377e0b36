// `npm run test:under-load [-- --runs N] [-- --busy N] [-- --command "npm test"]`: runs the whole suite
// (`npm run ci` by default) N times in a row (default 3) while busy loops (default 2: both cores of a
// 2-core machine; `--busy 4` is the heavier mode, two loops per core) keep the cores occupied, and
// reports each run. A suite that depends on the machine's speed (tight timeouts, sleeps, real-time
// races) fails here. Prints one line per run and writes bench-results/under-load.json; exits
// non-zero if any run failed.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    command: { type: "string", default: "npm run ci" },
    busy: { type: "string" },
    // The earlier name of --busy.
    loops: { type: "string" },
  },
});
const runs = Number(values.runs);
const loops = Number(values.busy ?? values.loops ?? "2");
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a whole number of at least 1");
if (!Number.isInteger(loops) || loops < 0) throw new Error("--busy must be a whole number");

/** A process that spins one core until it is killed. */
function busyLoop() {
  return spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
}

/** Runs the command through the shell, output passed through; resolves with its exit code. */
function runCommand(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { cwd: root, stdio: "inherit", shell: true, detached: true });
    current = child;
    child.on("close", (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

let current;
const spinners = Array.from({ length: loops }, busyLoop);
const stopAll = () => {
  for (const s of spinners) s.kill("SIGKILL");
  if (current?.pid) {
    try {
      process.kill(-current.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
};
process.on("SIGINT", () => {
  stopAll();
  process.exit(130);
});
process.on("exit", stopAll);

console.log(`[under-load] ${loops} busy loops on ${os.cpus().length} cores; running \`${values.command}\` ${runs} times`);
const results = [];
for (let i = 1; i <= runs; i++) {
  const started = Date.now();
  const code = await runCommand(values.command);
  const seconds = Math.round((Date.now() - started) / 1000);
  // The machine's load when the run ended (other work on it adds to the busy loops).
  const load = Math.round(os.loadavg()[0] * 10) / 10;
  results.push({ run: i, exitCode: code, seconds, loadAverage1m: load });
  console.log(
    `[under-load] run ${i}/${runs}: ${code === 0 ? "passed" : `FAILED (exit ${code})`} in ${seconds} s (load average ${load})`,
  );
}
stopAll();

const out = path.join(root, "bench-results");
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, "under-load.json"),
  JSON.stringify({ command: values.command, busyLoops: loops, cores: os.cpus().length, runs: results }, null, 2) + "\n",
);
const failed = results.filter((r) => r.exitCode !== 0).length;
console.log(`[under-load] ${runs - failed}/${runs} passed`);
process.exit(failed === 0 ? 0 : 1);
