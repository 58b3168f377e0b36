/**
 * Once per `npm run test:e2e`: checks for Debian's Chromium, starts the offline backend on its
 * port, builds (or reuses) the web app for it, serves it with `next start`, and hands the URLs to
 * the journeys. Everything stops at the end; server logs go to e2e-results/.
 */
import type { TestProject } from "vitest/node";
import { chromiumPath } from "./support/chromium";
import { startFolioServers } from "./support/servers";

declare module "vitest" {
  export interface ProvidedContext {
    webUrl: string;
    backendUrl: string;
  }
}

export default async function setup(project: TestProject) {
  chromiumPath(); // fails now, with the fix, when Chromium is missing
  const servers = await startFolioServers("e2e");
  project.provide("webUrl", servers.webUrl);
  project.provide("backendUrl", servers.backendUrl);
  return servers.stop;
}
