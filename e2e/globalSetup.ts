/**
 * Once per `npm run test:e2e`: checks for Debian's Chromium, starts the offline backend on its
 * port, builds (or reuses) the web app for it, serves it with `next start`, and hands the URLs to
 * the journeys. Everything stops at the end; server logs go to e2e-results/.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { chromiumPath } from "./support/chromium";
import { assertPortFree, ensureWebBuild, RESULTS_DIR, ROOT, startServer, webEnv, type RunningServer } from "./support/servers";

declare module "vitest" {
  export interface ProvidedContext {
    webUrl: string;
    backendUrl: string;
  }
}

export default async function setup(project: TestProject) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  chromiumPath(); // fails now, with the fix, when Chromium is missing
  const webPort = Number(process.env.FOLIO_E2E_WEB_PORT) || 39300;
  const backendPort = Number(process.env.FOLIO_E2E_BACKEND_PORT) || 39301;
  await assertPortFree(webPort, "e2e web app");
  await assertPortFree(backendPort, "e2e offline backend");
  const webUrl = `http://127.0.0.1:${webPort}`;
  const backendUrl = `http://127.0.0.1:${backendPort}`;

  const servers: RunningServer[] = [];
  const stopAll = () => Promise.all(servers.map((s) => s.stop()));
  try {
    servers.push(
      await startServer(
        ["--import", "tsx", "tools/local-backend/main.ts"],
        { ...process.env, FOLIO_OFFLINE_BACKEND_PORT: String(backendPort), SITE_URL: webUrl, FOLIO_OFFLINE_DEV_SEEDING: "1" },
        /Offline backend ready at/,
        path.join(RESULTS_DIR, "backend.log"),
      ),
    );
    const started = Date.now();
    const build = await ensureWebBuild(backendUrl);
    console.info(`[e2e] web build ${build} (${Math.round((Date.now() - started) / 1000)} s)`);
    servers.push(
      await startServer(
        [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "--hostname", "127.0.0.1", "--port", String(webPort)],
        webEnv(backendUrl),
        /Ready in|started server on/i,
        path.join(RESULTS_DIR, "web.log"),
      ),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  project.provide("webUrl", webUrl);
  project.provide("backendUrl", backendUrl);
  return stopAll;
}
