/**
 * File storage the browser can reach: `POST /api/storage/upload?token=…` stores the body with its
 * Content-Type (recorded in `_storage` like Convex does; convex-test does not) and answers
 * `{ storageId }`; `GET /api/storage/<token>` serves the file with that content type, where the
 * token is the random one in the URL `ctx.storage.getUrl` handed out (never the storage id).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Blob } from "node:buffer";
import type { ConvexRuntime } from "./convexRuntime";
import { BodyTooLargeError, CORS_HEADERS, readBody, sendJson } from "./httpUtil";

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

type SystemDb = {
  system: { get(table: "_storage", id: string): Promise<{ contentType?: string; size: number } | null> };
  patch(table: "_storage", id: string, value: { contentType: string }): Promise<void>;
};

export async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, runtime: ConvexRuntime) {
  const token = url.searchParams.get("token") ?? "";
  if (!runtime.takeUploadToken(token)) {
    sendJson(res, 401, { code: "InvalidUploadToken", message: "This upload URL is not valid (or was used already)." });
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readBody(req, MAX_UPLOAD_BYTES);
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    sendJson(res, tooLarge ? 413 : 400, { code: tooLarge ? "TooLarge" : "BadUpload", message: String((error as Error).message) });
    return;
  }
  const contentType = req.headers["content-type"] ?? "application/octet-stream";
  const blob = new Blob([bytes], { type: contentType }) as unknown as globalThis.Blob;
  const storageId = await runtime.t.run(async (ctx) => {
    const id = await ctx.storage.store(blob);
    await (ctx.db as unknown as SystemDb).patch("_storage", id, { contentType });
    return id;
  });
  sendJson(res, 200, { storageId });
}

export async function handleFileGet(res: ServerResponse, token: string, runtime: ConvexRuntime) {
  const storageId = runtime.storageIdForFileToken(token);
  const file = await runtime.t
    .run(async (ctx) => {
      if (storageId === null) return null;
      const meta = await (ctx.db as unknown as SystemDb).system.get("_storage", storageId);
      const blob = meta ? await ctx.storage.get(storageId) : null;
      return blob ? { bytes: await blob.arrayBuffer(), contentType: meta?.contentType ?? null } : null;
    })
    .catch(() => null);
  if (!file) {
    sendJson(res, 404, { code: "NotFound", message: "No such file." });
    return;
  }
  res.writeHead(200, {
    ...CORS_HEADERS,
    "Content-Type": file.contentType ?? "application/octet-stream",
    "Content-Length": String(file.bytes.byteLength),
    "Cache-Control": "private, max-age=3600",
  });
  res.end(Buffer.from(file.bytes));
}
