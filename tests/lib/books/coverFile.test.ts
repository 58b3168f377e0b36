import { describe, expect, test } from "vitest";
import { COVER_MAX_BYTES, checkCoverFile } from "@/lib/books/coverFile";

describe("checkCoverFile", () => {
  test.each(["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif", "IMAGE/PNG", "image/jpeg; charset=binary"])(
    "accepts %s",
    (contentType) => {
      expect(checkCoverFile({ contentType, size: 1024 })).toEqual({ ok: true });
    },
  );

  test.each([undefined, null, "", "image/svg+xml", "application/pdf", "text/html", "image/jpegx", "image"])(
    "rejects content type %s",
    (contentType) => {
      expect(checkCoverFile({ contentType, size: 1024 })).toEqual({
        ok: false,
        reason: "unsupported_type",
        message: "Cover must be an image (JPEG, PNG, WebP, GIF or AVIF)",
      });
    },
  );

  test("accepts exactly 5 MB and rejects one byte more", () => {
    expect(COVER_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(checkCoverFile({ contentType: "image/png", size: COVER_MAX_BYTES })).toEqual({ ok: true });
    expect(checkCoverFile({ contentType: "image/png", size: COVER_MAX_BYTES + 1 })).toEqual({
      ok: false,
      reason: "too_large",
      message: "Cover image must be at most 5 MB",
    });
  });

  test("rejects an empty file", () => {
    expect(checkCoverFile({ contentType: "image/png", size: 0 })).toMatchObject({ ok: false, reason: "empty" });
  });
});
