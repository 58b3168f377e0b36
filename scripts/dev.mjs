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
// Flags: --setup-only (steps 1-3, then exit). Env: FOLIO_DEV_SETUP_TIMEOUT_S (default 600) bounds
// the `convex dev --once` step.
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
class DevError extends Error {}

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
    throw new DevError(
      `Could not start the local Convex backend: \`convex dev --once\` did not finish within ${timeoutS} s ` +
        "(a slow or blocked download of the backend?). Tests and the production build work offline: npm test / npm run build:local.",
    );
  }
  if (result.code !== 0) {
    if (isOfflineFailure(output)) throw new DevError(OFFLINE_MESSAGE);
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

function startServers() {
  const children = [
    { name: "convex", prefix: paint("36", "[convex]"), args: convexArgs("dev"), env: convexEnv() },
    { name: "next", prefix: paint("35", "[next]  "), args: [binPath("next", "next"), "dev"], env: { ...process.env } },
  ];
  let stopping = false;
  let exitCode = 0;
  const running = new Set();

  const stopAll = (signal = "SIGINT") => {
    for (const { child } of running) child.kill(signal);
    const force = setTimeout(() => {
      for (const { child } of running) child.kill("SIGKILL");
    }, 10_000);
    force.unref();
  };

  for (const spec of children) {
    const env = color ? { ...spec.env, FORCE_COLOR: "1" } : spec.env;
    const child = spawn(process.execPath, spec.args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    const entry = { ...spec, child };
    running.add(entry);
    for (const stream of [child.stdout, child.stderr]) {
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        pending += chunk;
        const lines = pending.split(/\r?\n/);
        pending = lines.pop() ?? "";
        for (const line of lines) process.stdout.write(`${spec.prefix} ${line}\n`);
      });
      stream.on("end", () => {
        if (pending) process.stdout.write(`${spec.prefix} ${pending}\n`);
      });
    }
    child.on("error", (error) => log(`${spec.name} could not start: ${error.message}`));
    child.on("close", (code, signal) => {
      running.delete(entry);
      if (!stopping) {
        stopping = true;
        exitCode = code ?? 1;
        log(`${spec.name} dev stopped (${signal ?? `exit code ${code}`}); stopping the other one.`);
        stopAll("SIGTERM");
      }
      if (running.size === 0) process.exit(exitCode);
    });
  }

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log("Stopping convex dev and next dev…");
      stopAll(signal);
    });
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const setupOnly = process.argv.includes("--setup-only");
  await ensureDependencies();
  await startDeploymentOnce();
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
