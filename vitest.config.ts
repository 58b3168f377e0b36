import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    globals: true,
    restoreMocks: true,
    // Only a hang reaches these: a test that is merely slow on a busy machine (the whole suite under
    // `npm run test:under-load -- --busy 4` runs several times slower) never does. No test sets a
    // shorter one, and no test relies on finishing within any time.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Log lines of passing tests are not printed; a failing test shows its own output.
    silent: "passed-only",
    // Vitest leaves a core to its main process by default: one worker on a 2-core machine, which
    // made the run half again as long (114 s against 74 s here). Use every core.
    maxWorkers: Math.max(2, availableParallelism()),
    coverage: {
      provider: "v8",
      include: ["convex/**/*.ts", "lib/**/*.ts", "components/**/*.tsx"],
      exclude: ["convex/_generated/**"],
      reporter: ["text-summary", "json-summary"],
    },
    projects: [
      {
        // Inherit the root options above (restoreMocks, timeouts).
        extends: true,
        resolve: { alias },
        test: {
          name: "lib",
          globals: true,
          environment: "node",
          include: ["tests/lib/**/*.test.ts"],
          setupFiles: ["tests/msw/setup.ts"],
        },
      },
      {
        // Inherit the root options above (restoreMocks, timeouts).
        extends: true,
        resolve: { alias },
        test: {
          name: "convex",
          globals: true,
          environment: "edge-runtime",
          include: ["tests/convex/**/*.test.ts"],
          setupFiles: ["tests/msw/setup.ts"],
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      {
        // Inherit the root options above (restoreMocks, timeouts).
        extends: true,
        resolve: { alias },
        test: {
          // The offline backend (tools/local-backend) in a child process, driven by convex's own clients.
          name: "local-backend",
          globals: true,
          environment: "node",
          include: ["tests/local-backend/**/*.test.ts"],
        },
      },
      {
        // Inherit the root options above (restoreMocks, timeouts).
        extends: true,
        resolve: { alias },
        test: {
          name: "ui",
          globals: true,
          environment: "jsdom",
          include: ["tests/ui/**/*.test.tsx"],
          setupFiles: ["tests/msw/setup.ts", "tests/ui/setup.ts"],
          server: { deps: { inline: ["convex-test"] } },
        },
      },
    ],
  },
});
