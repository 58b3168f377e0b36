/**
 * The check of a fetched cover image: is it a real cover Folio may keep and show? Pure (no network,
 * no storage, no framework), so the server can run it on any bytes it fetched, and the tests on
 * real captured answers.
 *
 * In order, an answer is refused when:
 * 1. it is empty, or declared as a non-image (`text/html`, JSON, XML…): an error or consent page,
 *    whatever its first bytes look like (`not_an_image`);
 * 2. it is larger than an uploaded cover may be (`too_large`, the 5 MB of `lib/books/coverFile.ts`);
 * 3. its bytes are a known placeholder (`placeholder`, see `placeholders.ts`);
 * 4. its bytes are not a JPEG, PNG, WebP, GIF or AVIF by their signature (`file-type`), whatever
 *    the label says (`not_an_image`);
 * 5. its pixel size cannot be read from its header (`image-size`) (`dimensions_unreadable`);
 * 6. its format and size are a source's placeholder shape (`placeholder`);
 * 7. it is too small or strip-shaped to be a cover (`tiny`, `strip_shaped`, see `coverShape.ts`).
 *
 * Reasons are codes: nothing about the book or the URL is in a result.
 */
import { fileTypeFromBuffer } from "file-type/core";
import { imageSize } from "image-size";
import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { COVER_CONTENT_TYPES, COVER_MAX_BYTES } from "../books/coverFile";
import { coverShapeProblem } from "./coverShape";
import { isPlaceholderShape, knownPlaceholderByMd5, KNOWN_PLACEHOLDERS, type KnownPlaceholder } from "./placeholders";

export type CoverImageMime = (typeof COVER_CONTENT_TYPES)[number];

export type CoverImageRefusal = "not_an_image" | "too_large" | "dimensions_unreadable" | "placeholder" | "tiny" | "strip_shaped";

export const COVER_IMAGE_REFUSALS: readonly CoverImageRefusal[] = [
  "not_an_image",
  "too_large",
  "dimensions_unreadable",
  "placeholder",
  "tiny",
  "strip_shaped",
];

export interface CoverImageInput {
  /** The answer's body, as fetched. */
  bytes: Uint8Array;
  /** The answer's `Content-Type` header, if any. */
  contentType?: string | null;
  /** The source id the image came from (`open-library`, `google-books`, …). */
  source: string;
}

export type CoverImageCheck =
  | {
      kind: "accepted";
      /** Detected from the bytes, never taken from the label. */
      mime: CoverImageMime;
      /** As displayed: an EXIF orientation that turns the image is applied. */
      width: number;
      height: number;
      /** Size of the body in bytes. */
      bytes: number;
      /** MD5 of the body, lower-case hex (a placeholder served for many books shows as one hash). */
      md5: string;
    }
  | { kind: "refused"; reason: CoverImageRefusal };

export interface CoverImageCheckOptions {
  /** The placeholders known by hash; the real list by default (tests pass their own). */
  knownPlaceholders?: readonly KnownPlaceholder[];
}

/** Media types a server uses for pages and data, never for an image. */
const NON_IMAGE_TYPES = /^(text\/|application\/(json|xml|xhtml\+xml|javascript|problem\+json)$)/;

/** The media type without parameters, lower-cased; "" when absent. */
function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

function refused(reason: CoverImageRefusal): CoverImageCheck {
  return { kind: "refused", reason };
}

function isCoverMime(mime: string | undefined): mime is CoverImageMime {
  return mime !== undefined && (COVER_CONTENT_TYPES as readonly string[]).includes(mime);
}

/** Width and height as displayed (EXIF orientations 5–8 turn the image a quarter), or null when unreadable. */
function displayedSize(bytes: Uint8Array): { width: number; height: number } | null {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    // image-size throws on a header it cannot read (truncated, corrupt): that is the finding.
    return null;
  }
  const { width, height, orientation } = size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) return null;
  const quarterTurn = orientation !== undefined && orientation >= 5 && orientation <= 8;
  return quarterTurn ? { width: height, height: width } : { width, height };
}

/** Decides whether fetched bytes are a cover Folio may keep (see the module comment for the rules). */
export async function checkCoverImage(input: CoverImageInput, options: CoverImageCheckOptions = {}): Promise<CoverImageCheck> {
  const { bytes, source } = input;
  if (bytes.byteLength === 0 || NON_IMAGE_TYPES.test(mediaType(input.contentType))) return refused("not_an_image");
  if (bytes.byteLength > COVER_MAX_BYTES) return refused("too_large");
  const hash = bytesToHex(md5(bytes));
  if (knownPlaceholderByMd5(hash, options.knownPlaceholders ?? KNOWN_PLACEHOLDERS)) return refused("placeholder");
  const mime = (await fileTypeFromBuffer(bytes))?.mime;
  if (!isCoverMime(mime)) return refused("not_an_image");
  const size = displayedSize(bytes);
  if (size === null) return refused("dimensions_unreadable");
  if (isPlaceholderShape({ source, mime, ...size })) return refused("placeholder");
  const shapeProblem = coverShapeProblem(size);
  if (shapeProblem !== null) return refused(shapeProblem);
  return { kind: "accepted", mime, width: size.width, height: size.height, bytes: bytes.byteLength, md5: hash };
}
