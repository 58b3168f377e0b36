/**
 * The offline backend's settings, read from its environment (tools/local-backend/main.ts).
 *
 * It holds every reader's data and answers anyone who can reach it, so it listens on 127.0.0.1
 * unless its own FOLIO_OFFLINE_BACKEND_HOST names another address. The generic HOST is ignored:
 * many containers set HOST=0.0.0.0 for whatever web server they expect, and `npm run dev` passes
 * its whole environment on.
 */

export interface OfflineBackendSettings {
  /** 0 = any free port. */
  port: number;
  /** The port was asked for (FOLIO_OFFLINE_BACKEND_PORT): a port in use is an error, not a reason to take another. */
  portFixed: boolean;
  host: string;
  /** The web app (Convex Auth's SITE_URL). */
  siteUrl: string;
  /** The emulated catalogue's seed. */
  seed: number;
  /** Serve `POST /_dev/seed-library`. */
  devSeeding: boolean;
}

export const DEFAULT_OFFLINE_BACKEND_PORT = 3210;

export function offlineBackendSettings(env: Record<string, string | undefined>): OfflineBackendSettings {
  const portSetting = env.FOLIO_OFFLINE_BACKEND_PORT;
  const portFixed = portSetting !== undefined && portSetting !== "";
  return {
    port: portFixed ? Number(portSetting) : DEFAULT_OFFLINE_BACKEND_PORT,
    portFixed,
    host: env.FOLIO_OFFLINE_BACKEND_HOST || "127.0.0.1",
    siteUrl: env.SITE_URL || `http://127.0.0.1:${env.PORT || 3000}`,
    seed: Number(env.FOLIO_OFFLINE_SEED ?? 1),
    devSeeding: env.FOLIO_OFFLINE_DEV_SEEDING === "1",
  };
}
