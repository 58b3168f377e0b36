/**
 * Per source: may Folio keep its own copy of a cover, and at which size does it fetch it. The
 * reasoning, with the sources' terms, is in `docs/architecture.md` ("Stored covers: what each source
 * allows").
 *
 * - **Open Library: a stored copy, fetched at -L.** Its cover store fits -S in 116×58, -M in 180×360
 *   and -L in 500×500 (a 2:3 cover: 39×58, 180×270, 333×500). Wall tiles are 120–200 CSS px wide at
 *   up to 2× (240–400 device px) and the book page up to 256 CSS px (512): -M (180 px) is softer than
 *   1× on most tiles, -L (333 px) is sharp at 2× on tiles up to 166 CSS px and about 1.7× on the widest.
 *   -L is also the form Folio links today, so the stored copy is the very image a reader saw.
 * - **Google Books: no copy, the link stays.** Its API terms forbid permanent copies; the link keeps
 *   the zoom its API advertises (`thumbnail`, zoom=1, about 128 px wide): larger zooms often answer
 *   the "image not available" tile, and without a copy Folio cannot check each one once for all.
 * - **Any other source: the link stays** until someone reads its terms and adds it here.
 */

export type CoverKeeping =
  /** `size`: the source's own size form to fetch the copy at (Open Library's suffix). */
  { keep: "stored-copy"; size: string } | { keep: "link"; reason: "terms_forbid_copies" | "terms_not_reviewed" };

const KEEPING_BY_SOURCE: Readonly<Record<string, CoverKeeping>> = {
  "open-library": { keep: "stored-copy", size: "L" },
  "google-books": { keep: "link", reason: "terms_forbid_copies" },
};

/** Whether Folio keeps its own copy of this source's covers (default: no, keep the link). */
export function coverKeepingFor(source: string): CoverKeeping {
  return Object.hasOwn(KEEPING_BY_SOURCE, source) ? KEEPING_BY_SOURCE[source] : { keep: "link", reason: "terms_not_reviewed" };
}
