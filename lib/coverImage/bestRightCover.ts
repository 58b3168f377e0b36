/**
 * "The best right cover": among candidates the matcher already judged equally right (same work,
 * same edition family), which image to show. Pure; the caller says what it knows of each image.
 *
 * - A candidate whose image was checked and refused (a placeholder, not an image, …), or whose known
 *   size no cover has (1×1, tiny, strip-shaped), is left out: it is not a cover.
 * - A candidate with a known size comes before one whose size is unknown: a known cover is a sure
 *   thing, an unknown image may yet be a placeholder.
 * - Among known sizes, the sharper wins: the wider 2:3 box it fills without enlarging
 *   (`sharpCoverWidth`), up to the widest any view needs (512 device px); past that, bigger is only
 *   more bytes, so those count as equal.
 * - Ties keep the caller's order (the matcher's preference), so the ranking is stable.
 */
import { coverShapeProblem, sharpCoverWidth, type PixelSize } from "./coverShape";

export interface CoverCandidateImage {
  /** The image's pixel size, when known (checked, or given by the source). */
  size?: PixelSize;
  /** The outcome of `checkCoverImage` on its bytes, when it was checked. */
  check?: "accepted" | "refused";
}

/** The candidates that can be a cover, best first (see the module comment). */
export function rankEquallyRightCovers<T extends CoverCandidateImage>(candidates: readonly T[]): T[] {
  const usable = candidates
    .map((candidate, index) => ({ candidate, index }))
    .filter(({ candidate }) => candidate.check !== "refused" && !(candidate.size && isNoCoverSize(candidate.size)));
  return usable
    .sort((a, b) => sharpness(b.candidate) - sharpness(a.candidate) || a.index - b.index)
    .map(({ candidate }) => candidate);
}

/** The best of candidates equally right for the book, or null when none can be a cover. */
export function bestRightCover<T extends CoverCandidateImage>(candidates: readonly T[]): T | null {
  return rankEquallyRightCovers(candidates)[0] ?? null;
}

/** A size no cover has: tiny (1×1 included) or strip-shaped. */
function isNoCoverSize(size: PixelSize): boolean {
  return coverShapeProblem(size) !== null;
}

/** Sharp width for a known size; -1 for an unknown one, so every known size ranks first. */
function sharpness(candidate: CoverCandidateImage): number {
  return candidate.size ? sharpCoverWidth(candidate.size) : -1;
}
