/**
 * Cover images as Folio keeps them: the check of fetched bytes, the placeholders sources serve,
 * which pixel sizes a cover can have, which of several equally right covers to show, and which
 * sources' covers Folio may keep a copy of. Framework-free; the server wires it into the engine.
 */
export {
  checkCoverImage,
  COVER_IMAGE_REFUSALS,
  type CoverImageCheck,
  type CoverImageCheckOptions,
  type CoverImageInput,
  type CoverImageMime,
  type CoverImageRefusal,
} from "./checkCoverImage";
export {
  coverShapeProblem,
  MAX_COVER_ASPECT,
  MIN_COVER_SIDE_PX,
  SHARPEST_NEEDED_WIDTH_PX,
  sharpCoverWidth,
  type CoverShapeProblem,
  type PixelSize,
} from "./coverShape";
export {
  GOOGLE_NOT_AVAILABLE_TILE,
  isPlaceholderShape,
  KNOWN_PLACEHOLDERS,
  knownPlaceholderByMd5,
  type KnownPlaceholder,
} from "./placeholders";
export { bestRightCover, rankEquallyRightCovers, type CoverCandidateImage } from "./bestRightCover";
export { coverKeepingFor, type CoverKeeping } from "./storedCoverSize";
export { coverRefOf, type CoverRef } from "./coverRef";
export {
  COVER_IMAGE_TIMEOUT_MS,
  fetchCoverImage,
  nextCopyAttemptAt,
  provesNoCover,
  type CoverImageFetch,
  type FetchCoverImageOptions,
  type TransientImageProblem,
} from "./fetchCoverImage";
