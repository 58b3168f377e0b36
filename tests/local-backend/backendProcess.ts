/**
 * Starts the offline backend (tools/local-backend/main.ts) as a child process on a free port, the
 * way `npm run dev:offline` and the e2e runner do, and waits for its "ready at <url>" line.
 * Its output is kept (and returned) instead of printed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface BackendProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

export function startBackendProcess(env: Record<string, string> = {}): Promise<BackendProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tools/local-backend/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, FOLIO_OFFLINE_BACKEND_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Offline backend ready at (http:\/\/\S+)/.exec(output);
      if (ready) resolve({ url: ready[1], child, output: () => output, stop });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`The offline backend exited (code ${code}) before it was ready:\n${output}`)));
  });
}
