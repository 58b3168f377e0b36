/**
 * `tsx tools/local-backend/main.ts`: starts the offline backend and prints its URL; runs until
 * SIGINT/SIGTERM. Env: FOLIO_OFFLINE_BACKEND_PORT (default 3210, or any free port when 3210 is
 * taken; 0 = any free port), FOLIO_OFFLINE_BACKEND_HOST (default 127.0.0.1; the generic HOST is
 * ignored), SITE_URL (the web app, default http://127.0.0.1:$PORT or :3000),
 * FOLIO_OFFLINE_SEED (the emulated catalogue's seed, default 1), FOLIO_OFFLINE_DEV_SEEDING=1 (turns
 * on `POST /_dev/seed-library`, for the large-wall journeys and bench:wall).
 */
import { startLocalBackend } from "./server";
import { offlineBackendSettings } from "./settings";

const { port, portFixed, host, siteUrl, seed, devSeeding } = offlineBackendSettings(process.env);

/** On the default port, a port already in use (e.g. by a Convex local backend) means "take any free one". */
async function start() {
  try {
    return await startLocalBackend({ port, host, siteUrl, seed, devSeeding });
  } catch (error) {
    if ((error as { code?: unknown }).code !== "EADDRINUSE" || portFixed) throw error;
    return await startLocalBackend({ port: 0, host, siteUrl, seed, devSeeding });
  }
}

try {
  const backend = await start();
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
