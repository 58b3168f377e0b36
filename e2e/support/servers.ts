/**
 * The servers the journeys run against: the offline backend (tools/local-backend) and a production
 * build of the web app with that backend's URL inlined (NEXT_PUBLIC_* are inlined at build time),
 * built into its own folder (.next-e2e) and served by `next start`. The build is reused while the
 * sources and the backend URL are unchanged.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DIST_DIR = ".next-e2e";
export const RESULTS_DIR = path.join(ROOT, "e2e-results");

/** What the web build depends on. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "convex",
  "public",
  "next.config.mjs",
  "postcss.config.mjs",
  "package-lock.json",
  "tsconfig.json",
];

function filesUnder(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [entry];
  return readdirSync(full, { withFileTypes: true }).flatMap((d) => filesUnder(path.join(entry, d.name)));
}

function buildStamp(backendUrl: string): string {
  const hash = createHash("sha256").update(backendUrl);
  for (const file of BUILD_INPUTS.flatMap(filesUnder).sort()) hash.update(file).update(readFileSync(path.join(ROOT, file)));
  return hash.digest("hex");
}

/** Runs a command to completion with its output kept in a log file; rejects with the log's tail. */
function runLogged(args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (c) => (log += c));
    child.stderr.on("data", (c) => (log += c));
    child.on("close", (code) => {
      writeFileSync(logFile, log);
      if (code === 0) resolve();
      else reject(new Error(`${args.join(" ")} failed (exit ${code}); log in ${logFile}:\n${log.slice(-4000)}`));
    });
  });
}

export const webEnv = (backendUrl: string): NodeJS.ProcessEnv => ({
  ...process.env,
  FOLIO_NEXT_DIST_DIR: DIST_DIR,
  NEXT_PUBLIC_CONVEX_URL: backendUrl,
  NEXT_PUBLIC_FOLIO_OFFLINE_BACKEND: "1",
  NEXT_TELEMETRY_DISABLED: "1",
});

/** Builds the web app for `backendUrl` unless the last e2e build was for the same sources and URL. */
export async function ensureWebBuild(backendUrl: string): Promise<"built" | "reused"> {
  const stampFile = path.join(ROOT, DIST_DIR, "folio-e2e-stamp.txt");
  const stamp = buildStamp(backendUrl);
  if (existsSync(path.join(ROOT, DIST_DIR, "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
    return "reused";
  }
  await runLogged(
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"],
    webEnv(backendUrl),
    path.join(RESULTS_DIR, "next-build.log"),
  );
  writeFileSync(stampFile, stamp);
  return "built";
}

/** Fails early, with a clear message, when a fixed port is taken. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", () =>
      reject(
        new Error(`Port ${port} (${what}) is in use: stop what runs there or set FOLIO_E2E_WEB_PORT / FOLIO_E2E_BACKEND_PORT.`),
      ),
    );
    server.listen(port, "127.0.0.1", () => {
      const { port: got } = server.address() as AddressInfo;
      server.close(() => (got === port ? resolve() : reject(new Error(`Could not bind ${port}`))));
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** Starts a long-running child, keeps its output in `logFile`, resolves once `ready` matches its output. */
export function startServer(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, logFile: string): Promise<RunningServer> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(force);
    writeFileSync(logFile, log);
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk;
      if (ready.test(log)) resolve({ child, stop });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      writeFileSync(logFile, log);
      reject(new Error(`${args.join(" ")} exited (code ${code}) before it was ready; log in ${logFile}:\n${log.slice(-4000)}`));
    });
  });
}

export interface FolioServers {
  webUrl: string;
  backendUrl: string;
  stop(): Promise<void>;
}

/**
 * The offline backend (with dev seeding on) and a production build of the app served for it,
 * on the e2e ports (FOLIO_E2E_WEB_PORT / FOLIO_E2E_BACKEND_PORT, default 39300/39301). Logs go to
 * e2e-results/<logPrefix>backend.log, …web.log, …next-build.log is `ensureWebBuild`'s.
 */
export async function startFolioServers(what: string, logPrefix = ""): Promise<FolioServers> {
  const webPort = Number(process.env.FOLIO_E2E_WEB_PORT) || 39300;
  const backendPort = Number(process.env.FOLIO_E2E_BACKEND_PORT) || 39301;
  await assertPortFree(webPort, `${what} web app`);
  await assertPortFree(backendPort, `${what} offline backend`);
  const webUrl = `http://127.0.0.1:${webPort}`;
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const servers: RunningServer[] = [];
  const stop = async () => void (await Promise.all(servers.map((s) => s.stop())));
  try {
    servers.push(
      await startServer(
        ["--import", "tsx", "tools/local-backend/main.ts"],
        { ...process.env, FOLIO_OFFLINE_BACKEND_PORT: String(backendPort), SITE_URL: webUrl, FOLIO_OFFLINE_DEV_SEEDING: "1" },
        /Offline backend ready at/,
        path.join(RESULTS_DIR, `${logPrefix}backend.log`),
      ),
    );
    const started = Date.now();
    const build = await ensureWebBuild(backendUrl);
    console.info(`[${what}] web build ${build} (${Math.round((Date.now() - started) / 1000)} s)`);
    servers.push(
      await startServer(
        [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "--hostname", "127.0.0.1", "--port", String(webPort)],
        webEnv(backendUrl),
        /Ready in|started server on/i,
        path.join(RESULTS_DIR, `${logPrefix}web.log`),
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { webUrl, backendUrl, stop };
}
