import { Blob as NodeBlob } from "node:buffer";
import { http, HttpResponse } from "msw";
import type { TestConvex } from "./users";

/**
 * An msw handler for the upload URL that convex-test's `generateUploadUrl` hands out: it stores the
 * posted body the way Convex storage would and answers `{ storageId }`. Records each upload's
 * content type in `uploads`.
 */
export function convexTestUploadHandler(t: TestConvex, uploads: string[] = []) {
  return http.post("https://some-deployment.convex.cloud/api/storage/upload", async ({ request }) => {
    const type = request.headers.get("Content-Type") ?? "";
    uploads.push(type);
    // Node's Blob: jsdom's has no arrayBuffer(), which convex-test needs.
    const blob = new NodeBlob([await request.arrayBuffer()], { type }) as unknown as Blob;
    const storageId = await t.run((ctx) => ctx.storage.store(blob));
    // convex-test does not record the type in `_storage`; the real backend does (test-only write).
    await t.run(async (ctx) => {
      const db = ctx.db as unknown as { patch: (table: string, id: string, value: object) => Promise<void> };
      await db.patch("_storage", storageId, { contentType: type });
    });
    return HttpResponse.json({ storageId });
  });
}
