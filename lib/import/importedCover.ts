/**
 * Cover provenance in Folio's JSON export, read back on import. The export writes, per book,
 * `cover: { own?, ownUpload?, found?, foundSource?, rejected? }`; an import restores:
 * - the reader's own cover (`own`) only when it passes exactly the checks `books.chooseCover`
 *   makes (`validateChosenCoverUrl`: an allowlisted https candidate URL) and is not rejected;
 * - the found cover (`found`) only when it passes the same check and is not rejected (invariant
 *   8), with the source its URL names;
 * - the rejected covers (`rejected`: source keys), bounded as on the book.
 * An uploaded cover (`ownUpload`) is a file in the storage of the library it was uploaded to: it
 * cannot come back from a file, so it is left out and the cover engine finds a cover instead.
 */
import { validateChosenCoverUrl, MAX_CHOSEN_COVER_URL_LENGTH } from "../cover/chosenCover";
import { isRejectedCover, withRejectedKey } from "../cover/coverKeys";
import type { CoverSource } from "../cover/types";

/** The cover provenance an import row carries (the export's `cover`, without the upload). */
export interface ImportedCover {
  own?: string;
  found?: string;
  /** As the file says; the source restored is the one the URL names. */
  foundSource?: string;
  rejected?: string[];
}

/** The cover fields an import may set on a book. */
export interface RestoredCover {
  coverUrl?: string;
  apiCoverUrl?: string;
  apiSource?: CoverSource;
  rejectedCovers?: string[];
}

const REJECTION_KEY = /^(?:ol|gb|url):\S/;
const REJECTION_KEY_MAX_LENGTH = MAX_CHOSEN_COVER_URL_LENGTH + 4;

/** The rejection keys in `raw` that look like source keys, once each, the newest kept within the bound. */
function cleanRejections(raw: readonly string[] | undefined): string[] {
  let keys: string[] = [];
  for (const key of raw ?? []) {
    if (key.length <= REJECTION_KEY_MAX_LENGTH && REJECTION_KEY.test(key)) keys = withRejectedKey(keys, key);
  }
  return keys;
}

/** What an import row's cover provenance may restore on a new book (see the module comment). */
export function restorableCover(cover: ImportedCover | undefined): RestoredCover {
  if (cover === undefined) return {};
  const rejected = cleanRejections(cover.rejected);
  const out: RestoredCover = {};
  if (cover.own !== undefined) {
    const own = validateChosenCoverUrl(cover.own);
    if (own.ok && !isRejectedCover(own.url, rejected)) out.coverUrl = own.url;
  }
  if (cover.found !== undefined) {
    const found = validateChosenCoverUrl(cover.found);
    if (found.ok && !isRejectedCover(found.url, rejected)) {
      out.apiCoverUrl = found.url;
      out.apiSource = found.source;
    }
  }
  if (rejected.length > 0) out.rejectedCovers = rejected;
  return out;
}

/** True when the file's cover names an own or found cover that the import will not restore. */
export function coverRefused(cover: ImportedCover | undefined): boolean {
  if (cover === undefined) return false;
  const restored = restorableCover(cover);
  return (
    (cover.own !== undefined && restored.coverUrl === undefined) ||
    (cover.found !== undefined && restored.apiCoverUrl === undefined)
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const stringOrUndefined = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * A book's `cover` from a Folio JSON export, as an import row takes it: the known fields that are
 * strings, `own` left out when it was an upload (`uploadLeftOut`).
 */
export function readExportedCover(raw: unknown): { cover?: ImportedCover; uploadLeftOut: boolean } {
  if (!isObject(raw)) return { uploadLeftOut: false };
  const uploadLeftOut = raw.ownUpload === true && raw.own !== undefined;
  const rejected = Array.isArray(raw.rejected) ? raw.rejected.filter((k): k is string => typeof k === "string") : [];
  const cover: ImportedCover = {
    ...(uploadLeftOut || stringOrUndefined(raw.own) === undefined ? {} : { own: raw.own as string }),
    ...(stringOrUndefined(raw.found) === undefined ? {} : { found: raw.found as string }),
    ...(stringOrUndefined(raw.foundSource) === undefined ? {} : { foundSource: raw.foundSource as string }),
    ...(rejected.length > 0 ? { rejected } : {}),
  };
  return { ...(Object.keys(cover).length > 0 ? { cover } : {}), uploadLeftOut };
}

/** The preview's word on covers uploaded in the exporting library. */
export function uploadsLeftOutNotice(books: number): string {
  return `${books === 1 ? "1 book had a cover you uploaded" : `${books} books had covers you uploaded`} in the library this file comes from. An uploaded picture stays in that library and cannot come back from a file: Folio looks for a cover for ${books === 1 ? "that book" : "those books"} instead.`;
}

/** The warning for a cover address the import will not restore (never quoting it). */
export const COVER_NOT_RESTORED =
  "The cover's address is not one Folio takes covers from (or it is a cover you turned down), so the cover is not restored; Folio looks for one";
