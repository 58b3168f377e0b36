/**
 * Cover image hosts as msw answers them. Every test server answers Open Library's cover-id images
 * with a real-shaped -L JPEG (the 333×500 stand-in, tests/fixtures/coverImages/README.md), so any
 * path that writes a found cover can have its copy fetched; tests about the image host's answers
 * override it with `server.use(coverImageHandler(...))`.
 */
import { http, HttpResponse, type HttpHandler } from "msw";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A fixture's bytes, read from the repository root (the ui project's jsdom has no file URLs). */
const fixture = (file: string): Uint8Array =>
  new Uint8Array(readFileSync(join(process.cwd(), "tests/fixtures/coverImages", file)));

export const OPEN_LIBRARY_COVER_IMAGES = "https://covers.openlibrary.org/b/id/:file";

/** A -L cover at Open Library's size (333×500 JPEG). */
export const coverJpeg = (): Uint8Array => fixture("standin-cover-333x500.jpg");

/** Open Library's answer for a cover id it does not have (the real 1×1 GIF). */
export const openLibraryNoCover = (): Uint8Array => fixture("openlibrary-no-cover.gif");

export type CoverImageAnswer =
  { kind: "image"; bytes: Uint8Array; contentType?: string } | { kind: "status"; status: number } | { kind: "network_error" };

/** The cover id of an Open Library image URL (`/b/id/123-L.jpg` -> 123). */
export function coverIdOf(url: string): number | null {
  const m = /\/b\/id\/(\d+)-[SML]\.jpg$/.exec(new URL(url).pathname);
  return m ? Number(m[1]) : null;
}

/** Answers Open Library cover images by `answer(coverId)`; `onRequest` sees each one. */
export function coverImageHandler(
  answer: (coverId: number | null) => CoverImageAnswer,
  onRequest?: (url: string) => void,
): HttpHandler {
  return http.get(OPEN_LIBRARY_COVER_IMAGES, ({ request }) => {
    onRequest?.(request.url);
    const a = answer(coverIdOf(request.url));
    if (a.kind === "network_error") return HttpResponse.error();
    if (a.kind === "status") return new HttpResponse(null, { status: a.status });
    return new HttpResponse(a.bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: { "Content-Type": a.contentType ?? "image/jpeg" },
    });
  });
}

/** The default: every cover id is a real -L cover. */
export const defaultCoverImageHandlers: HttpHandler[] = [coverImageHandler(() => ({ kind: "image", bytes: coverJpeg() }))];
