// `npm run dev`: everything a fresh clone needs, then the Convex backend and Next.js together.
//
//   1. `npm install` when node_modules is missing or package-lock.json changed since the last install.
//   2. `convex dev --once`: creates (first run) and starts a local Convex deployment that needs no
//      account (CONVEX_AGENT_MODE=anonymous), pushes convex/, writes CONVEX_DEPLOYMENT and
//      NEXT_PUBLIC_CONVEX_URL to .env.local. The first run downloads the local backend (internet).
//   3. Convex Auth: JWT_PRIVATE_KEY, JWKS and SITE_URL, each set only when `convex env get NAME`
//      shows it is missing (keys generated once, see scripts/authKeys.mjs).
//   4. `convex dev` (watch) and `next dev` side by side, output prefixed; Ctrl-C stops both.
//
// When step 2 cannot get the backend (no internet, the download fails or times out), one sentence
// says so and Folio starts on the offline backend instead (tools/local-backend: the real convex/
// functions in convex-test, data in memory, emulated cover sources), with `next dev` pointed at it.
// `npm run dev:offline` (--offline) starts that directly. The web app listens on 127.0.0.1:$PORT
// (default 3000); the offline backend on 127.0.0.1:$FOLIO_OFFLINE_BACKEND_PORT (default 3210).
//
// Flags: --setup-only (steps 1-3, then exit; no fallback), --offline. Env: FOLIO_DEV_SETUP_TIMEOUT_S
// (default 600) bounds the `convex dev --once` step.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import { clearInterval, clearTimeout, setInterval, setTimeout } from "node:timers";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters as stripAnsi } from "node:util";
import { AUTH_ENV_NAMES, planAuthEnv } from "./authKeys.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const isWindows = process.platform === "win32";
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

const OFFLINE_MESSAGE =
  "Could not start the local Convex backend: downloading it needs internet access " +
  "(version.convex.dev and github.com could not be reached). " +
  "Tests and the production build work offline: npm test / npm run build:local.";

/** A failure explained in one sentence: printed as is, no stack trace. */
class DevError extends Error {
  /** The Convex backend cannot be had here (no internet, blocked download): the offline backend can stand in. */
  fallBackOffline = false;
}

/** The local Convex backend could not be downloaded. */
class BackendUnavailableError extends DevError {
  fallBackOffline = true;
}

const log = (message) => console.log(`${paint("2", "[dev]")} ${message}`);

// ---------------------------------------------------------------------------------------------
// Child processes

function binPath(pkg, bin) {
  const manifest = JSON.parse(readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8"));
  const rel = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[bin];
  return path.join(root, "node_modules", pkg, rel);
}

const convexArgs = (...args) => [binPath("convex", "convex"), ...args];

/**
 * Runs a command to completion, capturing its output.
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string, timedOut: boolean }>}
 */
export function run(command, args, { env = process.env, input, timeoutMs, onOutput } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      onOutput?.(chunk);
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      onOutput?.(chunk);
    });
    if (input !== undefined) child.stdin.end(input);
    let killTimer;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGTERM");
            killTimer = setTimeout(() => child.kill("SIGKILL"), 5000);
          }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve({ code: 1, signal: null, stdout, stderr: stderr + String(error), timedOut });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function printPrefixed(prefix, text) {
  for (const line of stripAnsi(text).split(/\r?\n/)) {
    if (line.trim() !== "") console.log(`${prefix} ${line}`);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Dependencies

async function ensureDependencies() {
  const lock = path.join(root, "package-lock.json");
  const installed = path.join(root, "node_modules", ".package-lock.json");
  const missing = !existsSync(path.join(root, "node_modules")) || !existsSync(installed);
  const stale = !missing && existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs;
  if (!missing && !stale) return;
  log(missing ? "Installing dependencies (npm install)…" : "package-lock.json changed: running npm install…");
  const code = await new Promise((resolve) => {
    const child = spawn(isWindows ? "npm.cmd" : "npm", ["install"], { cwd: root, stdio: "inherit", shell: isWindows });
    child.on("error", () => resolve(1));
    child.on("close", (c) => resolve(c ?? 1));
  });
  if (code !== 0)
    throw new DevError(
      "Could not install dependencies: `npm install` failed (see above); the first install needs internet access.",
    );
  // npm leaves .package-lock.json alone when nothing changed: mark this lockfile as installed.
  if (existsSync(installed)) {
    const now = new Date();
    utimesSync(installed, now, now);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Local Convex deployment

function readEnvLocal() {
  const file = path.join(root, ".env.local");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

function deploymentConfigured() {
  return Boolean(
    process.env.CONVEX_DEPLOYMENT ||
    process.env.CONVEX_SELF_HOSTED_URL ||
    /^\s*(CONVEX_DEPLOYMENT|CONVEX_SELF_HOSTED_URL)\s*=\s*\S/m.test(readEnvLocal()),
  );
}

/** Environment for the Convex CLI: an account-less local deployment unless one is configured. */
function convexEnv() {
  return deploymentConfigured() || process.env.CONVEX_AGENT_MODE
    ? { ...process.env }
    : { ...process.env, CONVEX_AGENT_MODE: "anonymous" };
}

/** The CLI could not reach the internet to get (or check) the local backend. */
export function isOfflineFailure(output) {
  const text = stripAnsi(output);
  if (
    /Failed to fetch latest backend version|version\.convex\.dev returned|File not found at https:\/\/github\.com/i.test(text)
  ) {
    return true;
  }
  // Network errors for a remote host; the CLI's own error reporting (sentry.io) fails offline too, so ignore it.
  for (const match of text.matchAll(
    /\b(ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)\b[^\n]*/g,
  )) {
    if (!/sentry\.io|localhost|127\.0\.0\.1/.test(match[0])) return true;
  }
  return /Downloading Convex backend binary[\s\S]*fetch failed/i.test(text);
}

async function startDeploymentOnce() {
  const timeoutS = Number(process.env.FOLIO_DEV_SETUP_TIMEOUT_S) || 600;
  log("Preparing the local Convex backend (convex dev --once; the first run downloads it)…");
  const started = Date.now();
  const heartbeat = setInterval(
    () => log(`…still preparing the Convex backend (${Math.round((Date.now() - started) / 1000)} s)`),
    20_000,
  );
  let result;
  try {
    result = await run(process.execPath, convexArgs("dev", "--once"), { env: convexEnv(), timeoutMs: timeoutS * 1000 });
  } finally {
    clearInterval(heartbeat);
  }
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.timedOut) {
    throw new BackendUnavailableError(
      `Could not start the local Convex backend: \`convex dev --once\` did not finish within ${timeoutS} s ` +
        "(a slow or blocked download of the backend?). Tests and the production build work offline: npm test / npm run build:local.",
    );
  }
  if (result.code !== 0) {
    if (isOfflineFailure(output)) throw new BackendUnavailableError(OFFLINE_MESSAGE);
    printPrefixed(paint("36", "[convex]"), output);
    throw new DevError("Could not start the local Convex backend: `convex dev --once` failed (its output is above).");
  }
  printPrefixed(paint("36", "[convex]"), output);
  if (!deploymentConfigured()) {
    throw new DevError(
      "Could not start the local Convex backend: `convex dev --once` ended without configuring a deployment (its output is above).",
    );
  }
  if (!/^\s*NEXT_PUBLIC_CONVEX_URL\s*=/m.test(readEnvLocal())) {
    log(paint("33", "warning: .env.local has no NEXT_PUBLIC_CONVEX_URL; the web app will not find the backend."));
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Convex Auth environment

async function convexEnvGet(name) {
  const result = await run(process.execPath, convexArgs("env", "get", name), { env: convexEnv(), timeoutMs: 120_000 });
  if (result.code !== 0 || result.timedOut) {
    printPrefixed(paint("36", "[convex]"), result.stderr);
    throw new DevError(
      `Could not read ${name} from the local Convex deployment (\`convex env get ${name}\` failed, output above).`,
    );
  }
  return result.stdout.trim();
}

async function convexEnvSet(name, value) {
  // The value goes through stdin: a PEM starts with "-" (an option to the CLI) and stays out of `ps`.
  const result = await run(process.execPath, convexArgs("env", "set", name), {
    env: convexEnv(),
    input: value,
    timeoutMs: 120_000,
  });
  if (result.code !== 0 || result.timedOut) {
    printPrefixed(paint("36", "[convex]"), result.stderr);
    throw new DevError(`Could not set ${name} on the local Convex deployment (\`convex env set ${name}\` failed, output above).`);
  }
}

async function ensureAuthEnv() {
  const existing = {};
  for (const name of AUTH_ENV_NAMES) existing[name] = await convexEnvGet(name);
  const { set, notes } = planAuthEnv(existing);
  const names = Object.keys(set);
  if (names.length === 0) {
    log("Convex Auth environment already set (JWT_PRIVATE_KEY, JWKS, SITE_URL).");
    return;
  }
  for (const name of names) await convexEnvSet(name, set[name]);
  log(`Set ${names.join(", ")} on the local Convex deployment.`);
  for (const note of notes) log(paint("33", note));
}

// ---------------------------------------------------------------------------------------------
// 4. Backend and web together

/** Where the web app listens: PORT (default 3000) on 127.0.0.1. */
export function webAddress(env = process.env) {
  const port = Number(env.PORT) || 3000;
  return { host: "127.0.0.1", port, url: `http://127.0.0.1:${port}` };
}

const nextDevArgs = () => [binPath("next", "next"), "dev", "--hostname", webAddress().host, "--port", String(webAddress().port)];

/**
 * Starts a child whose output is printed line by line behind `prefix`; `onLine` sees each line.
 * @returns {{ name: string, child: import("node:child_process").ChildProcess }}
 */
function spawnPrefixed({ name, prefix, args, env, onLine }) {
  const childEnv = color ? { ...env, FORCE_COLOR: "1" } : env;
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) {
    let pending = "";
    stream.setEncoding("utf8");
    const emit = (line) => {
      process.stdout.write(`${prefix} ${line}\n`);
      onLine?.(stripAnsi(line));
    };
    stream.on("data", (chunk) => {
      pending += chunk;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) emit(line);
    });
    stream.on("end", () => {
      if (pending) emit(pending);
    });
  }
  child.on("error", (error) => log(`${name} could not start: ${error.message}`));
  return { name, child };
}

/**
 * Keeps the children running together: when one stops, the others are stopped; SIGINT/SIGTERM
 * (Ctrl-C) stops all of them, and this process exits once every child has exited.
 */
function superviseChildren(entries, what) {
  let stopping = false;
  let exitCode = 0;
  const running = new Set(entries);

  const stopAll = (signal = "SIGINT") => {
    for (const { child } of running) child.kill(signal);
    const force = setTimeout(() => {
      for (const { child } of running) child.kill("SIGKILL");
    }, 10_000);
    force.unref();
  };

  for (const entry of entries) {
    const onClose = (code, signal) => {
      running.delete(entry);
      if (!stopping) {
        stopping = true;
        exitCode = code ?? 1;
        log(`${entry.name} stopped (${signal ?? `exit code ${code}`}); stopping the others.`);
        stopAll("SIGTERM");
      }
      if (running.size === 0) process.exit(exitCode);
    };
    if (entry.child.exitCode !== null || entry.child.signalCode !== null) onClose(entry.child.exitCode, entry.child.signalCode);
    else entry.child.on("close", onClose);
  }

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log(`Stopping ${what}…`);
      stopAll(signal);
    });
  }
}

function startServers() {
  const web = webAddress();
  superviseChildren(
    [
      spawnPrefixed({ name: "convex dev", prefix: paint("36", "[convex]"), args: convexArgs("dev"), env: convexEnv() }),
      spawnPrefixed({
        name: "next dev",
        prefix: paint("35", "[next]  "),
        args: nextDevArgs(),
        env: { ...process.env },
        onLine: (line) => {
          if (/\bReady in\b/.test(line)) log(`Folio is running at ${web.url} (Ctrl-C stops it).`);
        },
      }),
    ],
    "convex dev and next dev",
  );
}

// ---------------------------------------------------------------------------------------------
// 5. The offline backend (tools/local-backend): no download, data in memory

const OFFLINE_FALLBACK_MESSAGE =
  "The local Convex backend cannot be had here (it needs a download from the internet), " +
  "so Folio starts on the offline backend instead: the same app and functions, data in memory.";

/** Starts the offline backend, then `next dev` pointed at it; resolves once both are started. */
function startOffline() {
  const web = webAddress();
  let backendUrl;
  const backend = spawnPrefixed({
    name: "offline backend",
    prefix: paint("36", "[backend]"),
    args: ["--import", "tsx", path.join(root, "tools/local-backend/main.ts")],
    env: { ...process.env, SITE_URL: web.url },
    onLine: (line) => {
      const ready = /Offline backend ready at (http:\/\/\S+)/.exec(line);
      if (ready && !backendUrl) {
        backendUrl = ready[1];
        startWeb();
      }
    },
  });
  const entries = [backend];
  // Stopped while the backend starts: stop it too (once both run, superviseChildren takes over).
  let stoppedEarly = false;
  const stopEarly = () => {
    stoppedEarly = true;
    backend.child.kill("SIGTERM");
    backend.child.once("close", () => process.exit(130));
  };
  for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, stopEarly);
  const startWeb = () => {
    for (const signal of ["SIGINT", "SIGTERM"]) process.off(signal, stopEarly);
    entries.push(
      spawnPrefixed({
        name: "next dev",
        prefix: paint("35", "[next]   "),
        args: nextDevArgs(),
        // Process env wins over .env.local (which may name a Convex deployment from another run).
        env: {
          ...process.env,
          NEXT_PUBLIC_CONVEX_URL: backendUrl,
          NEXT_PUBLIC_FOLIO_OFFLINE_BACKEND: "1",
          NEXT_TELEMETRY_DISABLED: "1",
        },
        onLine: (line) => {
          if (/\bReady in\b/.test(line)) log(`Folio is running on the offline backend at ${web.url} (Ctrl-C stops it).`);
        },
      }),
    );
    superviseChildren(entries, "the offline backend and next dev");
  };
  backend.child.on("close", (code) => {
    if (!backendUrl && !stoppedEarly) {
      console.error(`The offline backend did not start (exit code ${code}; its output is above).`);
      process.exit(1);
    }
  });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const setupOnly = process.argv.includes("--setup-only");
  const offline = process.argv.includes("--offline");
  await ensureDependencies();
  if (offline) {
    log("Starting Folio on the offline backend (data in memory)…");
    startOffline();
    return;
  }
  try {
    await startDeploymentOnce();
  } catch (error) {
    if (!(error instanceof DevError && error.fallBackOffline) || setupOnly) throw error;
    console.log(OFFLINE_FALLBACK_MESSAGE);
    startOffline();
    return;
  }
  await ensureAuthEnv();
  if (setupOnly) {
    log("Setup done.");
    return;
  }
  log("Starting convex dev and next dev (Ctrl-C stops both)…");
  startServers();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof DevError ? error.message : `npm run dev failed: ${error?.message ?? error}`);
    process.exit(1);
  });
}
