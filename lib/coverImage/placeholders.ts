/**
 * The pictures cover sources serve in place of a missing cover, and how to know them.
 *
 * A source that has no cover still answers 200 with an image: Open Library a 1×1 GIF, Google Books a
 * grey "image not available" picture. Neither can be told from a cover by status or content type, so
 * the check recognises them two ways:
 *
 * 1. **By the exact bytes** (`KNOWN_PLACEHOLDERS`). A placeholder is one file served unchanged for
 *    every book without a cover, so its MD5 identifies it; a real cover sharing the MD5 of a
 *    placeholder by chance has odds of about 2^-128. The hashes are the ones public code recorded
 *    from real answers (see `tests/fixtures/coverImages/README.md` for each source). MD5 because
 *    that is the hash those captures recorded; it names a known file, it guards nothing secret.
 * 2. **By shape** (`isPlaceholderShape`), for when a source re-encodes its placeholder and the hash
 *    stops matching:
 *    - a 1×1 image from any source (Open Library, LibraryThing and Amazon all answer "none" so);
 *    - a GIF from Open Library: its cover store writes every sized cover (-S/-M/-L) as a JPEG, and
 *      the one non-JPEG it serves for a sized cover URL is its "no cover" default image;
 *    - a 575×750 PNG from Google Books: the documented size and format of its "image not available"
 *      tile (zoom=0 and zoom=2), while its real covers come back as JPEG.
 */

export const OPEN_LIBRARY_SOURCE_ID = "open-library";
export const GOOGLE_BOOKS_SOURCE_ID = "google-books";

/** A placeholder known by the MD5 of its exact bytes. */
export interface KnownPlaceholder {
  /** MD5 of the exact bytes, lower-case hex. */
  md5: string;
  /** The source id that serves it. */
  source: string;
  /** What it is, for people reading the code (never logged with book data). */
  description: string;
}

export const KNOWN_PLACEHOLDERS: readonly KnownPlaceholder[] = [
  {
    md5: "0d23d0b62908b75e89014ac3f864484e",
    source: OPEN_LIBRARY_SOURCE_ID,
    description: "Open Library's 1×1 GIF89a (43 bytes) for a cover it does not have",
  },
  {
    md5: "d7c21c65fc861fc5128753e9e091b23c",
    source: GOOGLE_BOOKS_SOURCE_ID,
    description: 'Google Books "image not available" at zoom=1 (a grey striped JPEG of 10,794 bytes)',
  },
  {
    md5: "a64fa89d7ebc97075c1d363fc5fea71f",
    source: GOOGLE_BOOKS_SOURCE_ID,
    description: 'Google Books "image not available" at zoom=0 and zoom=2 (a 575×750 PNG of 9,103 bytes)',
  },
  {
    md5: "1fe98bd081e1f98c8193d52c74cf2ad2",
    source: GOOGLE_BOOKS_SOURCE_ID,
    description: 'Google Books "image not available" at zoom=3',
  },
  {
    md5: "0de4383ebad0adad5eeb8975cd796657",
    source: GOOGLE_BOOKS_SOURCE_ID,
    description: "an earlier Google Books dummy cover image (recorded by calibre's Google source)",
  },
];

/** The placeholder whose bytes have this MD5, if any. */
export function knownPlaceholderByMd5(
  md5: string,
  known: readonly KnownPlaceholder[] = KNOWN_PLACEHOLDERS,
): KnownPlaceholder | undefined {
  const wanted = md5.toLowerCase();
  return known.find((p) => p.md5 === wanted);
}

/** Google Books' "image not available" tile: its documented size and format. */
export const GOOGLE_NOT_AVAILABLE_TILE = { mime: "image/png", width: 575, height: 750 } as const;

/** An image of this format and size from this source is a placeholder, not a cover (rules above). */
export function isPlaceholderShape(image: { source: string; mime: string; width: number; height: number }): boolean {
  if (image.width === 1 && image.height === 1) return true;
  if (image.source === OPEN_LIBRARY_SOURCE_ID && image.mime === "image/gif") return true;
  const tile = GOOGLE_NOT_AVAILABLE_TILE;
  return (
    image.source === GOOGLE_BOOKS_SOURCE_ID &&
    image.mime === tile.mime &&
    image.width === tile.width &&
    image.height === tile.height
  );
}
