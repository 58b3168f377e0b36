/**
 * Which pixel sizes can be a book cover, and how sharp a cover is where Folio shows it.
 *
 * Figures (the sizes each source serves are in `storedCoverSize.ts`):
 * - Open Library's cover store fits its sizes in boxes of 116×58 (-S), 180×360 (-M) and 500×500
 *   (-L) pixels: a 2:3 cover is 39×58, 180×270 and 333×500.
 * - Google Books advertises, for most volumes, only a `thumbnail` (zoom=1) about 128 px wide.
 * - The wall shows 2:3 tiles 120–200 CSS px wide, the book page up to 256 CSS px (Tailwind
 *   `md:max-w-64`), at up to 2× density: 512 device pixels is the widest any view asks for.
 */

/**
 * A shorter side under this is no cover Folio can show: Open Library's own list thumbnail (-S, at
 * most 58 px tall) is the largest real cover form it refuses, and no tile can show that without
 * blowing it up 3–10×. Every form Folio asks for (Open Library -L, Google's 128 px thumbnail) is at
 * least twice this, so a real but modest cover is kept: a soft cover beats none.
 */
export const MIN_COVER_SIDE_PX = 60;

/**
 * A long side more than this many times the short side is a strip (a banner, a spine, a rule), not a
 * cover. Book covers run from tall slim formats (about 1:2.6) through the usual 2:3 to oblong picture
 * books and strip collections (up to about 2:1, the shape of Open Library's own -S box); web banners
 * are 468×60 or 728×90 (about 8:1).
 */
export const MAX_COVER_ASPECT = 3;

/** The widest any view shows a cover, in device pixels (256 CSS px on the book page at 2×). */
export const SHARPEST_NEEDED_WIDTH_PX = 512;

export type CoverShapeProblem = "tiny" | "strip_shaped";

export interface PixelSize {
  width: number;
  height: number;
}

/** Why an image of this size cannot be a cover, or null when it can. */
export function coverShapeProblem({ width, height }: PixelSize): CoverShapeProblem | null {
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  if (short < MIN_COVER_SIDE_PX) return "tiny";
  if (long > short * MAX_COVER_ASPECT) return "strip_shaped";
  return null;
}

/**
 * How wide a 2:3 cover box this image fills without being enlarged, in device pixels, capped at
 * what the sharpest view needs. Tiles crop the image to 2:3 (`object-cover`), so a landscape image
 * is limited by its height and a slim one by its width.
 */
export function sharpCoverWidth({ width, height }: PixelSize): number {
  return Math.min(width, Math.floor((height * 2) / 3), SHARPEST_NEEDED_WIDTH_PX);
}
