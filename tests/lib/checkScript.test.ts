// scripts/check.mjs (`npm run check`, what CI runs): each step in order; when one fails, the steps
// after it are not run, and the closing summary says so, naming each, instead of skipping them silently.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { CHECK_STEPS, runSteps, summaryLines } from "../../scripts/check.mjs";

describe("npm run check", () => {
  it("runs the README's steps in order, ending with the build and the journeys", () => {
    expect(CHECK_STEPS).toEqual(["format:check", "codegen:check", "lint", "typecheck", "test", "build:local", "test:e2e"]);
  });

  it("says which steps did not run, and why, when one fails", async () => {
    const ran: string[] = [];
    const results = await runSteps(["a", "b", "c", "d"], async (step) => {
      ran.push(step);
      return step === "b" ? 1 : 0;
    });
    expect(ran).toEqual(["a", "b"]);
    expect(summaryLines(results)).toEqual([
      "check: passed  a",
      "check: FAILED  b (exit code 1)",
      "check: NOT RUN c (because b failed)",
      "check: NOT RUN d (because b failed)",
      "check summary (steps): 1 passed, 1 failed, 2 not run",
    ]);
  });

  it("exits non-zero and prints the summary when a step fails (a real child process)", () => {
    const script = path.join(import.meta.dirname, "../../scripts/check.mjs");
    const child = spawnSync(process.execPath, [script, "--steps", "first,second"], {
      env: { ...process.env, FOLIO_CHECK_COMMAND: `${process.execPath} -e "process.exit(process.argv[1] === 'first' ? 3 : 0)"` },
      encoding: "utf8",
    });
    expect(child.status).toBe(1);
    expect(child.stdout).toContain("check: FAILED  first (exit code 3)");
    expect(child.stdout).toContain("check: NOT RUN second (because first failed)");
  });
});
