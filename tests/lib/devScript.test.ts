// scripts/dev.mjs: recognising "no internet" in the Convex CLI's output, and bounding a child's run time.
import { isOfflineFailure, run } from "../../scripts/dev.mjs";

// What `CONVEX_AGENT_MODE=anonymous convex dev --once` (convex 1.48) prints without internet access.
const OFFLINE_OUTPUT = `CONVEX_AGENT_MODE=anonymous mode is in beta, functionality may change in the future.
\u001b[31m✖\u001b[39m Failed to fetch latest backend version
✖ Hit an error while running local deployment.
Your error has been reported to our team, and we'll be working on it.
Unexpected Error: Error: getaddrinfo ENOTFOUND o1192621.ingest.sentry.io
    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26)`;

describe("isOfflineFailure", () => {
  it("recognises the CLI failing to reach version.convex.dev", () => {
    expect(isOfflineFailure(OFFLINE_OUTPUT)).toBe(true);
  });

  it("recognises a failed backend download", () => {
    expect(isOfflineFailure("Downloading Convex backend binary\nUnexpected Error: TypeError: fetch failed")).toBe(true);
    expect(isOfflineFailure("getaddrinfo EAI_AGAIN github.com")).toBe(true);
  });

  it("does not blame the network for other failures, even when error reporting is offline too", () => {
    const pushError = `✖ TypeScript typecheck via \`tsc\` failed.
convex/books.ts:3:1 - error TS2304: Cannot find name 'oops'.
Unexpected Error: Error: getaddrinfo ENOTFOUND o1192621.ingest.sentry.io`;
    expect(isOfflineFailure(pushError)).toBe(false);
    expect(isOfflineFailure("A local backend is still running on port 3210. Please stop it and run this command again.")).toBe(
      false,
    );
  });
});

describe("run", () => {
  it("stops a child that outlives its timeout", async () => {
    const started = Date.now();
    const result = await run(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("captures output and passes input through stdin", async () => {
    const result = await run(process.execPath, ["-e", "process.stdin.pipe(process.stdout)"], {
      input: "-----BEGIN PRIVATE KEY----- x",
    });
    expect(result).toMatchObject({ code: 0, timedOut: false, stdout: "-----BEGIN PRIVATE KEY----- x" });
  });
});
