/**
 * The offline backend: a local server that speaks the Convex sync protocol of the pinned `convex`
 * version and runs the app's real convex/ functions in convex-test, data in memory. For e2e tests
 * and `npm run dev` without internet; never production.
 *
 *   ws   /api/<version>/sync          the sync protocol (syncSession.ts)
 *   POST /api/query|mutation|action   the HTTP API (httpFunctions.ts)
 *   POST /api/storage/upload?token=   uploads; GET /api/storage/<token> files (storageRoutes.ts)
 *   GET  /books/content?id=<id>       stand-in cover images of the emulated catalogue (Google's URL shape)
 *   GET  /b/id/<id>-L.jpg             the same for its Open Library cover ids (Open Library's URL shape)
 *   *                                 convex/http.ts routes (Convex Auth's JWKS, OpenID config)
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { prepareAuthEnvironment } from "./authEnvironment";
import { createAuthVerifier, type AuthProviderConfig } from "./authVerifier";
import { createConvexRuntime, type ConvexRuntime } from "./convexRuntime";
import { cachedCoverPng } from "./coverImages";
import { installCoverSources } from "./coverSources";
import { handleFunctionCall } from "./httpFunctions";
import { CORS_HEADERS, headersOf, readBody, sendJson, sendText } from "./httpUtil";
import { handleSeedLibrary } from "./devSeedingRoute";
import { handleFileGet, handleUpload } from "./storageRoutes";
import { createTimestampClock, SyncSession } from "./syncSession";

export interface LocalBackendOptions {
  /** 0 = any free port. */
  port?: number;
  host?: string;
  /** Where the web app runs (Convex Auth's SITE_URL). */
  siteUrl?: string;
  /** Seed of the emulated cover catalogue. */
  seed?: number;
  /** Serve `POST /_dev/seed-library` (tools/local-backend/devSeeding.ts). Off unless asked for. */
  devSeeding?: boolean;
}

export interface LocalBackend {
  url: string;
  close(): Promise<void>;
}

const SYNC_PATH = /^\/api\/[^/]+\/sync$/;
const MAX_HTTP_ACTION_BODY = 16 * 1024 * 1024;

async function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startLocalBackend(options: LocalBackendOptions = {}): Promise<LocalBackend> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer();
  const port = await listen(server, options.port ?? 0, host);
  const origin = `http://${host}:${port}`;

  const authEnv = prepareAuthEnvironment({ origin, siteUrl: options.siteUrl ?? "http://127.0.0.1:3000" });
  const coverSources = installCoverSources({ origin, seed: options.seed });
  // Imported only now: it reads CONVEX_SITE_URL when it is evaluated.
  const authConfig = (await import("../../convex/auth.config")).default as { providers: AuthProviderConfig[] };
  const verifyToken = createAuthVerifier({ jwks: authEnv.JWKS, providers: authConfig.providers });
  // The catalogue learns each book readers add with an ISBN, so ISBN lookups answer as they would for real.
  const runtime = createConvexRuntime({
    origin,
    onBookWritten: ({ title, author, isbn }) => coverSources.open.learn(title, author, isbn),
  });
  const clock = createTimestampClock();
  const sessions = new Set<SyncSession>();
  runtime.onWrite(() => {
    clock.advance();
    for (const session of sessions) session.refreshAll();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  wss.on("connection", (socket: WebSocket) => {
    const session = new SyncSession({
      runtime,
      clock,
      verifyToken,
      send: (message) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      },
      close: (code, reason) => socket.close(code, reason),
    });
    sessions.add(session);
    socket.on("message", (data) => session.receive(data.toString()));
    socket.on("close", () => {
      sessions.delete(session);
      session.dispose();
    });
  });
  server.on("upgrade", (req, socket, head) => {
    if (!SYNC_PATH.test(new URL(req.url ?? "/", origin).pathname)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  server.on("request", (req, res) => {
    route(req, res, { runtime, verifyToken, origin, coverSources, devSeeding: options.devSeeding === true }).catch(
      (error: unknown) => {
        console.error(`[offline backend] ${req.method} request failed: ${error instanceof Error ? error.name : "error"}`);
        if (!res.headersSent) sendJson(res, 500, { code: "InternalServerError", message: "The offline backend failed." });
        else res.destroy();
      },
    );
  });

  return {
    url: origin,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  deps: {
    runtime: ConvexRuntime;
    verifyToken: ReturnType<typeof createAuthVerifier>;
    origin: string;
    coverSources: ReturnType<typeof installCoverSources>;
    devSeeding: boolean;
  },
): Promise<void> {
  const url = new URL(req.url ?? "/", deps.origin);
  const method = req.method ?? "GET";
  if (method === "OPTIONS") {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
  const fn = /^\/api\/(query|mutation|action)$/.exec(url.pathname);
  if (fn && method === "POST") return handleFunctionCall(fn[1] as "query" | "mutation" | "action", req, res, deps);
  if (url.pathname === "/api/storage/upload" && method === "POST") return handleUpload(req, res, url, deps.runtime);
  const file = /^\/api\/storage\/([^/]+)$/.exec(url.pathname);
  if (file && method === "GET") return handleFileGet(res, decodeURIComponent(file[1]), deps.runtime);
  const coverId = url.pathname === "/books/content" ? url.searchParams.get("id") : null;
  const olCoverId = /^\/b\/id\/([1-9]\d{0,15})-[SML]\.jpg$/.exec(url.pathname)?.[1];
  if (method === "GET" && ((coverId && /^[A-Za-z0-9]+$/.test(coverId)) || olCoverId)) {
    const art = olCoverId
      ? deps.coverSources.open.openLibraryCoverArt(Number(olCoverId))
      : deps.coverSources.open.coverArt(coverId!);
    if (!art) return sendText(res, 404, "No such cover.");
    res.writeHead(200, { ...CORS_HEADERS, "Content-Type": "image/png", "Cache-Control": "public, max-age=86400" });
    res.end(cachedCoverPng(olCoverId ? `ol:${olCoverId}` : `gb:${coverId}`, art));
    return;
  }
  if (deps.devSeeding && url.pathname === "/_dev/seed-library" && method === "POST") return handleSeedLibrary(req, res, deps);
  if (url.pathname === "/" && method === "GET")
    return sendText(res, 200, "Folio offline backend (Convex protocol, data in memory)\n");
  // convex/http.ts (Convex Auth's routes).
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req, MAX_HTTP_ACTION_BODY);
  const response = await deps.runtime.httpAction(`${url.pathname}${url.search}`, {
    method,
    headers: headersOf(req),
    body: body === undefined ? undefined : new Uint8Array(body),
  });
  const headers: Record<string, string> = { ...CORS_HEADERS };
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}
