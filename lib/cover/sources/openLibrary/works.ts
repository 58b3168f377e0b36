/**
 * Open Library's work and edition records, read for their covers (the candidates a reader may pick):
 * `/works/<id>.json` (`covers`), `/works/<id>/editions.json` (each entry's `covers`) and
 * `/isbn/<isbn>.json` (one edition, with its work). Covers come back as cover ids; -1 and other
 * malformed ids are dropped.
 */
import { isRecord, requestJson, toSourceError, type SourceDeps } from "../../source";
import type { SourceError } from "../../types";
import { parseOpenLibraryCoverId } from "./coverUrls";

export const OPEN_LIBRARY_ORIGIN = "https://openlibrary.org";
/** Editions asked for in one editions.json request. */
export const OPEN_LIBRARY_EDITIONS_LIMIT = 50;

/** "/works/OL123W" -> "OL123W"; anything else -> null. */
export function openLibraryWorkId(key: unknown): string | null {
  const m = typeof key === "string" ? /^\/works\/(OL\d+W)$/.exec(key) : null;
  return m ? m[1] : null;
}

function coverIds(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const id = parseOpenLibraryCoverId(v);
    return id === null ? [] : [id];
  });
}

/** An edition's covers, with what a label may say about it. */
export interface EditionCovers {
  coverIds: number[];
  /** A four-digit year from `publish_date`, when it has one. */
  year?: string;
  physicalFormat?: string;
  /** The edition's work id ("OL123W"), when it names one. */
  workId?: string;
}

export function readEditionCovers(record: unknown): EditionCovers | null {
  if (!isRecord(record)) return null;
  const year = typeof record.publish_date === "string" ? /\b(\d{4})\b/.exec(record.publish_date)?.[1] : undefined;
  const works = Array.isArray(record.works) ? record.works : [];
  const workId = works.map((w) => (isRecord(w) ? openLibraryWorkId(w.key) : null)).find((id) => id !== null);
  return {
    coverIds: coverIds(record.covers),
    ...(year ? { year } : {}),
    ...(typeof record.physical_format === "string" && record.physical_format.trim()
      ? { physicalFormat: record.physical_format.trim() }
      : {}),
    ...(workId ? { workId } : {}),
  };
}

type Fetched<T> = { ok: true; value: T } | { ok: false; error: SourceError };

async function getRecord(path: string, deps: SourceDeps): Promise<Fetched<Record<string, unknown>>> {
  const r = await requestJson(`${OPEN_LIBRARY_ORIGIN}${path}`, deps);
  if (!r.ok) return { ok: false, error: toSourceError(r) };
  return isRecord(r.data) ? { ok: true, value: r.data } : { ok: false, error: { reason: "upstream_error" } };
}

/** The work's own covers (`/works/<id>.json`). */
export async function fetchWorkCovers(workId: string, deps: SourceDeps = {}): Promise<Fetched<number[]>> {
  const r = await getRecord(`/works/${encodeURIComponent(workId)}.json`, deps);
  return r.ok ? { ok: true, value: coverIds(r.value.covers) } : r;
}

/** The covers of the work's editions (`/works/<id>/editions.json`), editions without covers left out. */
export async function fetchEditionCovers(workId: string, deps: SourceDeps = {}): Promise<Fetched<EditionCovers[]>> {
  const r = await getRecord(`/works/${encodeURIComponent(workId)}/editions.json?limit=${OPEN_LIBRARY_EDITIONS_LIMIT}`, deps);
  if (!r.ok) return r;
  const entries = Array.isArray(r.value.entries) ? r.value.entries : [];
  return {
    ok: true,
    value: entries.flatMap((e) => {
      const ed = readEditionCovers(e);
      return ed && ed.coverIds.length > 0 ? [ed] : [];
    }),
  };
}

/** One edition by ISBN-13 (`/isbn/<isbn>.json`), or null when Open Library does not know it (404). */
export async function fetchEditionByIsbn(isbn13: string, deps: SourceDeps = {}): Promise<Fetched<EditionCovers | null>> {
  const r = await requestJson(`${OPEN_LIBRARY_ORIGIN}/isbn/${encodeURIComponent(isbn13)}.json`, deps);
  if (!r.ok) {
    if (r.kind === "upstream_error" && r.status === 404) return { ok: true, value: null };
    return { ok: false, error: toSourceError(r) };
  }
  return { ok: true, value: readEditionCovers(r.data) };
}
