/**
 * A book's rating: a 5-star scale in steps of 0.25, so whole, half and quarter stars (StoryGraph's
 * 3.75, Calibre's and LibraryThing's 4.5) are all kept. Absent means unrated; 0 is never stored.
 */

export const RATING_MAX = 5;
export const RATING_STEP = 0.25;

export function isValidRating(n: number): boolean {
  return Number.isFinite(n) && n >= RATING_STEP && n <= RATING_MAX && Number.isInteger(n / RATING_STEP);
}

/** "4", "4.5", "3.75": the rating as a reader writes it. */
export function formatRating(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** The text alternative of a star display: "Rated 3.75 out of 5". */
export function ratingLabel(n: number): string {
  return `Rated ${formatRating(n)} out of ${RATING_MAX}`;
}

/** How full each of the five stars is (0, 0.25, 0.5, 0.75 or 1). */
export function starFills(n: number): number[] {
  return Array.from({ length: RATING_MAX }, (_, i) => Math.min(1, Math.max(0, n - i)));
}
