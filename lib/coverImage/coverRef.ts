/**
 * Which source cover a cover URL is (its source key, such as `ol:<cover id>`), and whether Folio
 * keeps a stored copy of it or serves it as a link. Books carry these keys (`foundCoverKey`,
 * `chosenCoverKey`) so the deployment's one copy per source cover can be found and swept.
 */
import { coverSourceOf } from "../cover/sources";
import { parseWebUrl } from "../cover/webUrl";
import { coverKeepingFor } from "./storedCoverSize";

export interface CoverRef {
  /** The source key (`ol:8231856`, `gb:<volume id>`). */
  key: string;
  /** The source id (`open-library`, …). */
  source: string;
  /** The source URL (provenance; what the server fetches). */
  url: string;
  /** Folio keeps a stored copy (else the source's terms keep it a link). */
  stored: boolean;
}

/** The source cover behind a URL, or null for an upload, an unkeyed URL or anything else. */
export function coverRefOf(url: string | undefined): CoverRef | null {
  if (!url) return null;
  const u = parseWebUrl(url);
  if (u === null) return null;
  const found = coverSourceOf(u);
  if (found === null) return null;
  return { key: found.key, source: found.source.id, url, stored: coverKeepingFor(found.source.id).keep === "stored-copy" };
}
