/**
 * `tsx tools/local-backend/main.ts`: starts the offline backend and prints its URL; runs until
 * SIGINT/SIGTERM. Env: FOLIO_OFFLINE_BACKEND_PORT (default 3210, 0 = any free port), HOST
 * (default 127.0.0.1), SITE_URL (the web app, default http://127.0.0.1:$PORT or :3000),
 * FOLIO_OFFLINE_SEED (the emulated catalogue's seed, default 1).
 */
import { startLocalBackend } from "./server";

const port = Number(process.env.FOLIO_OFFLINE_BACKEND_PORT ?? 3210);
const host = process.env.HOST || "127.0.0.1";
const siteUrl = process.env.SITE_URL || `http://127.0.0.1:${process.env.PORT || 3000}`;
const seed = Number(process.env.FOLIO_OFFLINE_SEED ?? 1);

try {
  const backend = await startLocalBackend({ port, host, siteUrl, seed });
  // The dev script and the e2e runner read this line.
  console.info(`Offline backend ready at ${backend.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void backend.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  const code = (error as { code?: unknown }).code;
  console.error(
    code === "EADDRINUSE"
      ? `Could not start the offline backend: port ${port} on ${host} is in use (set FOLIO_OFFLINE_BACKEND_PORT).`
      : `Could not start the offline backend: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
