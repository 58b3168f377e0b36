/**
 * Which uploaded files Folio accepts as a reader's own cover. Pure, no framework imports:
 * the backend enforces it on the stored file's metadata, the UI can pre-check a File before upload.
 *
 * SVG is deliberately not accepted: it can carry scripts and is served from the storage origin.
 */

export const COVER_MAX_BYTES = 5 * 1024 * 1024;

export const COVER_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"] as const;

export type CoverFileRejection = "unsupported_type" | "too_large" | "empty";

export const COVER_FILE_MESSAGES: Record<CoverFileRejection, string> = {
  unsupported_type: "Cover must be an image (JPEG, PNG, WebP, GIF or AVIF)",
  too_large: "Cover image must be at most 5 MB",
  empty: "Cover image is empty",
};

export type CoverFileCheck = { ok: true } | { ok: false; reason: CoverFileRejection; message: string };

/** The media type without parameters, lower-cased: "Image/PNG; foo=bar" -> "image/png". */
function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/** Accepts JPEG, PNG, WebP, GIF and AVIF images of 1 byte to 5 MB; a missing type is rejected. */
export function checkCoverFile(file: { contentType?: string | null; size: number }): CoverFileCheck {
  const type = mediaType(file.contentType);
  if (!(COVER_CONTENT_TYPES as readonly string[]).includes(type)) {
    return { ok: false, reason: "unsupported_type", message: COVER_FILE_MESSAGES.unsupported_type };
  }
  if (file.size > COVER_MAX_BYTES) {
    return { ok: false, reason: "too_large", message: COVER_FILE_MESSAGES.too_large };
  }
  if (file.size <= 0) {
    return { ok: false, reason: "empty", message: COVER_FILE_MESSAGES.empty };
  }
  return { ok: true };
}
