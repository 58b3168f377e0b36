/**
 * Open Library's pictures for "Choose a cover": the title + author search (or, without both, the
 * ISBN's edition), then the matching work's covers and its editions' covers. At most three requests,
 * each paced by the limiter. Labels name the source and the edition's year, never a title or author.
 */
import { rankMatches } from "../../selectMatch";
import { worseError, type SourceDeps } from "../../source";
import type { SourceError } from "../../types";
import type { CandidateContext, CandidateSink } from "../types";
import { queryOpenLibrarySearch } from "./client";
import { openLibraryCoverKey, openLibraryCoverUrlById } from "./coverUrls";
import { fetchEditionByIsbn, fetchEditionCovers, fetchWorkCovers, openLibraryWorkId, type EditionCovers } from "./works";

function editionLabel(edition: EditionCovers): string {
  const what = edition.year ? `${edition.year} edition` : "edition";
  return `Open Library · ${what}${edition.physicalFormat ? ` (${edition.physicalFormat})` : ""}`;
}

function addCover(sink: CandidateSink, coverId: number, label: string): void {
  const key = openLibraryCoverKey(coverId);
  if (key) sink.add({ url: openLibraryCoverUrlById(coverId), key, label });
}

interface OpenLibraryFindings {
  /** Cover ids of matching search results, best first. */
  searchCovers: number[];
  workId: string | null;
  /** The ISBN's edition, when it was looked up. */
  edition: EditionCovers | null;
  error?: SourceError;
}

/** Step 1: the search (or the ISBN's edition), for covers and the work. */
async function findWork(
  book: { title: string; author: string; isbn: string | null; canSearch: boolean },
  deps: SourceDeps,
): Promise<OpenLibraryFindings> {
  if (book.canSearch) {
    const docs = await queryOpenLibrarySearch(book, deps);
    if (!Array.isArray(docs)) return { searchCovers: [], workId: null, edition: null, error: docs };
    const ranked = rankMatches(book, docs).map((m) => docs[m.index]);
    return {
      searchCovers: ranked.flatMap((d) => (d.coverId === null ? [] : [d.coverId])),
      workId: ranked.map((d) => openLibraryWorkId(d.key)).find((id) => id !== null) ?? null,
      edition: null,
    };
  }
  if (!book.isbn) return { searchCovers: [], workId: null, edition: null };
  const r = await fetchEditionByIsbn(book.isbn, deps);
  if (!r.ok) return { searchCovers: [], workId: null, edition: null, error: r.error };
  return { searchCovers: [], workId: r.value?.workId ?? null, edition: r.value };
}

export async function gatherOpenLibraryCandidates(
  book: { title: string; author: string; isbn: string | null; canSearch: boolean },
  sink: CandidateSink,
  ctx: CandidateContext,
): Promise<SourceError | undefined> {
  const deps: SourceDeps = {
    limiter: ctx.limiter,
    contact: ctx.contact,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    fetchJson: ctx.fetchJson,
  };
  const found = await findWork(book, deps);
  let error = found.error;
  const [best, ...others] = found.searchCovers;
  if (best !== undefined) addCover(sink, best, "Open Library · search result");
  if (found.edition) for (const id of found.edition.coverIds) addCover(sink, id, editionLabel(found.edition));

  if (found.workId && error?.reason !== "rate_limited") {
    const work = await fetchWorkCovers(found.workId, deps);
    if (work.ok) for (const id of work.value) addCover(sink, id, "Open Library · work");
    else error = worseError(error, work.error);
  }
  if (found.workId && error?.reason !== "rate_limited" && !sink.full) {
    const editions = await fetchEditionCovers(found.workId, deps);
    if (editions.ok) for (const ed of editions.value) for (const id of ed.coverIds) addCover(sink, id, editionLabel(ed));
    else error = worseError(error, editions.error);
  }
  for (const id of others) addCover(sink, id, "Open Library · search result");
  return error;
}
