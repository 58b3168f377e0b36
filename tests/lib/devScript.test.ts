// scripts/dev.mjs: recognising "no internet" in the Convex CLI's output, bounding a child's run time,
// and the offline backend's dev server (a real child process: started, used, stopped with Ctrl-C).
import { spawn } from "node:child_process";
import { createServer, connect, type AddressInfo } from "node:net";
import path from "node:path";
import { http, passthrough } from "msw";
import { isOfflineFailure, run, webAddress } from "../../scripts/dev.mjs";
import { server } from "../msw/server";

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
    // The child never ends by itself: only the timeout can have stopped it.
    const result = await run(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { timeoutMs: 200 });
    expect(result).toMatchObject({ timedOut: true, signal: "SIGTERM" });
  });

  it("captures output and passes input through stdin", async () => {
    const result = await run(process.execPath, ["-e", "process.stdin.pipe(process.stdout)"], {
      input: "-----BEGIN PRIVATE KEY----- x",
    });
    expect(result).toMatchObject({ code: 0, timedOut: false, stdout: "-----BEGIN PRIVATE KEY----- x" });
  });
});

describe("webAddress", () => {
  it("listens on 127.0.0.1, on PORT or 3000", () => {
    expect(webAddress({})).toEqual({ host: "127.0.0.1", port: 3000, url: "http://127.0.0.1:3000" });
    expect(webAddress({ PORT: "4123" })).toMatchObject({ port: 4123, url: "http://127.0.0.1:4123" });
  });
});

/** Resolves true when something accepts TCP connections on the port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True while any process of the group is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm run dev:offline", () => {
  it("serves the app on PORT with the offline backend under the page security policy, and Ctrl-C leaves no process behind", async () => {
    const webPort = await freePort();
    // Its own process group, like a terminal's foreground job: Ctrl-C signals the whole group.
    const child = spawn(process.execPath, ["scripts/dev.mjs", "--offline"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: {
        ...process.env,
        PORT: String(webPort),
        FOLIO_OFFLINE_BACKEND_PORT: "0",
        NEXT_TELEMETRY_DISABLED: "1",
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const running = new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /Folio is running on the offline backend at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m) resolve(m[1]);
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      void exited.then((code) => reject(new Error(`dev:offline exited (${code}) before it was running:\n${output}`)));
    });
    try {
      expect(await running).toBe(`http://127.0.0.1:${webPort}`);
      const backendPort = Number(/Offline backend ready at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
      expect(await isListening(webPort)).toBe(true);
      expect(await isListening(backendPort)).toBe(true);

      // The dev server sends the same policy as a build, with eval for React's dev stacks, and puts
      // the request's nonce on the scripts it writes into the page.
      // The dev server this test started, on loopback: let the request through (msw refuses the rest).
      server.use(http.get(`http://127.0.0.1:${webPort}/*`, () => passthrough()));
      const page = await fetch(`http://127.0.0.1:${webPort}/sign-in`);
      expect(page.status).toBe(200);
      const policy = page.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
      expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'unsafe-eval'`);
      expect(policy).toContain(`connect-src 'self' http://127.0.0.1:${backendPort} ws://127.0.0.1:${backendPort}`);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      const html = await page.text();
      const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
      expect(inlineScripts.length).toBeGreaterThan(0);
      for (const attributes of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);

      process.kill(-child.pid!, "SIGINT");
      await exited;
      // Polled until it holds; the deadline is one only a hang reaches.
      await expect.poll(() => groupAlive(child.pid!), { timeout: 300_000, interval: 100 }).toBe(false);
      expect(await isListening(webPort)).toBe(false);
      expect(await isListening(backendPort)).toBe(false);
    } finally {
      if (groupAlive(child.pid!)) process.kill(-child.pid!, "SIGKILL");
    }
  });
});
