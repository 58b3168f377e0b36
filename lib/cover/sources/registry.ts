/**
 * Every cover source Folio asks, in the order it asks them. Adding a source is one folder
 * (`lib/cover/sources/<id>/`, one `CoverSourceAdapter`) and one line here: the source union, the
 * Convex validators, the labels, the pacing, the cover-host allowlist and the rejection keys all
 * come from this list (./index.ts).
 */
import { googleBooksSource } from "./googleBooks";
import { openLibrarySource } from "./openLibrary";

export const COVER_SOURCES = [openLibrarySource, googleBooksSource] as const;
