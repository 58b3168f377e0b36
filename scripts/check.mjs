// `npm run check` (and `npm run ci`, which CI runs): the README's steps in order. When a step fails
// the later ones are not run (a red unit step means no build and no journeys), and the closing
// summary names every step: passed, FAILED, or NOT RUN and why. Exits 1 when any step failed.
//
//   node scripts/check.mjs [--steps a,b]   (FOLIO_CHECK_COMMAND replaces `npm run` for tests)
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export const CHECK_STEPS = ["format:check", "codegen:check", "lint", "typecheck", "test", "build:local", "test:e2e"];

/**
 * Runs `steps` in order with `runStep` (resolves with an exit code) until one fails.
 * @param {string[]} steps
 * @param {(step: string) => Promise<number>} runStep
 * @returns {Promise<{ step: string; code: number | null }[]>} each step's exit code, null when not run
 */
export async function runSteps(steps, runStep) {
  const results = [];
  let failed = false;
  for (const step of steps) {
    if (failed) {
      results.push({ step, code: null });
      continue;
    }
    const code = await runStep(step);
    results.push({ step, code });
    if (code !== 0) failed = true;
  }
  return results;
}

/** @param {{ step: string; code: number | null }[]} results */
export function summaryLines(results) {
  const failure = results.find((r) => r.code !== null && r.code !== 0);
  const lines = results.map(({ step, code }) =>
    code === 0
      ? `check: passed  ${step}`
      : code === null
        ? `check: NOT RUN ${step} (because ${failure?.step} failed)`
        : `check: FAILED  ${step} (exit code ${code})`,
  );
  const count = (test) => results.filter(test).length;
  lines.push(
    `check summary (steps): ${count((r) => r.code === 0)} passed, ${count((r) => r.code !== null && r.code !== 0)} failed, ${count((r) => r.code === null)} not run`,
  );
  return lines;
}

/** `npm run <step>` (or FOLIO_CHECK_COMMAND <step>), output passed through; resolves with its exit code. */
function runNpmStep(step) {
  const command = process.env.FOLIO_CHECK_COMMAND ?? "npm run";
  return new Promise((resolve) => {
    const child = spawn(`${command} ${step}`, { shell: true, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", () => resolve(1));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { steps: { type: "string" } } });
  const steps = values.steps ? values.steps.split(",") : CHECK_STEPS;
  const results = await runSteps(steps, runNpmStep);
  console.log("");
  for (const line of summaryLines(results)) console.log(line);
  process.exitCode = results.some((r) => r.code !== null && r.code !== 0) ? 1 : 0;
}
