/**
 * `npm run test:e2e`: the Playwright journeys (e2e/*.e2e.ts) in Debian's Chromium via
 * playwright-core, against the offline backend and a production build (e2e/globalSetup.ts).
 * Kept out of `npm test`. One journey at a time: the browser, the web server and the backend
 * share the machine's two cores.
 */
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    name: "e2e",
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/globalSetup.ts"],
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
    // Only a hang reaches these (e2e/support/journey.ts): a build and journeys several times slower
    // on a busy machine still pass.
    testTimeout: 20 * 60_000,
    hookTimeout: 30 * 60_000,
  },
});
