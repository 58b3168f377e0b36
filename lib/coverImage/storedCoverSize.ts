/**
 * Per source: may Folio keep its own copy of a cover, and at which size does it fetch it. Each
 * source's adapter says so (`keeping` in `lib/cover/sources/<id>/`); the reasoning, with the
 * sources' terms, is in `docs/architecture.md` ("Stored covers: what each source allows").
 *
 * - **Open Library: a stored copy, fetched at -L.** Its cover store fits -S in 116×58, -M in 180×360
 *   and -L in 500×500 (a 2:3 cover: 39×58, 180×270, 333×500). Wall tiles are 120–200 CSS px wide at
 *   up to 2× (240–400 device px) and the book page up to 256 CSS px (512): -M (180 px) is softer than
 *   1× on most tiles, -L (333 px) is sharp at 2× on tiles up to 166 CSS px and about 1.7× on the widest.
 *   -L is also the form Folio links today, so the stored copy is the very image a reader saw.
 * - **Google Books: no copy, the link stays.** Its API terms forbid permanent copies.
 * - **Any other source: the link stays** until someone reads its terms and sets its adapter's `keeping`.
 */
import { coverSourceById, type CoverKeeping } from "../cover/sources";

export type { CoverKeeping } from "../cover/sources";

/** Whether Folio keeps its own copy of this source's covers (default: no, keep the link). */
export function coverKeepingFor(source: string): CoverKeeping {
  return coverSourceById(source)?.keeping ?? { keep: "link", reason: "terms_not_reviewed" };
}
