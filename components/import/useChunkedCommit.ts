"use client";

import { useMutation } from "convex/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import type { ImportFormat, ImportRow } from "@/lib/import";
import { errorMessage } from "@/components/ui/errorMessage";
import { chunkRows, commitChunks, RETRY_DELAYS_MS } from "./commitChunks";

export interface ImportTotals {
  /** The import's id on the server (the key of its cover progress); null when nothing was sent. */
  importId: Id<"imports"> | null;
  created: number;
  merged: number;
  /** Rows the server skipped (not produced by the current server; kept for the summary). */
  skipped: number;
  /** Rows the server refused, with their reasons. */
  failed: { line: number; reason: string }[];
  /** Books the import created (every chunk), and books rows merged into, without repeats. */
  createdBookIds: Id<"books">[];
  mergedBookIds: Id<"books">[];
}

/**
 * What the import did in books rather than rows: the books of the library that come from the file
 * (created, plus books the reader already had that a row matched), the books the reader already
 * had, and the rows that repeat a book an earlier row of the same file is (a book already in the
 * library that two rows match counts once, the second row as a repeat).
 */
export function bookCounts(totals: Pick<ImportTotals, "created" | "merged" | "createdBookIds" | "mergedBookIds">): {
  booksInLibrary: number;
  alreadyHad: number;
  repeatedInFile: number;
} {
  const created = new Set(totals.createdBookIds);
  const alreadyHad = new Set(totals.mergedBookIds.filter((id) => !created.has(id))).size;
  return { booksInLibrary: totals.created + alreadyHad, alreadyHad, repeatedInFile: totals.merged - alreadyHad };
}

export type CommitState =
  | { phase: "idle" }
  | {
      phase: "running";
      /** Rows to send in all. */
      total: number;
      /** Rows the server has recorded. */
      committed: number;
      /** Set while a failed chunk waits for its next attempt. */
      retry: { attempt: number; of: number } | null;
    }
  | {
      phase: "failed";
      total: number;
      committed: number;
      error: string;
      /** What the chunks sent so far did (to show a summary if the reader stops here). */
      totals: ImportTotals;
    }
  | { phase: "done"; total: number; totals: ImportTotals };

export interface CommitInput {
  format: ImportFormat;
  rows: ImportRow[];
  /** Ask the server to find covers for the imported books (the feature flag). */
  startCoverBackfill: boolean;
}

interface Job {
  clientImportId: string;
  format: ImportFormat;
  startCoverBackfill: boolean;
  chunks: ImportRow[][];
  total: number;
  /** Index of the next chunk to send. */
  next: number;
  committed: number;
  totals: ImportTotals;
}

export const COMMIT_INTERRUPTED_MESSAGE =
  "Folio couldn't reach the server to save the rest of the import. Check your connection and try again: nothing already saved will be imported twice.";

function copyTotals(totals: ImportTotals): ImportTotals {
  return {
    ...totals,
    failed: [...totals.failed],
    createdBookIds: [...totals.createdBookIds],
    mergedBookIds: [...totals.mergedBookIds],
  };
}

function newImportId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Commits an import in chunks of ≤ 250 rows through `api.imports.commit`, one chunk at a time,
 * with one clientImportId per import. A chunk that fails is retried with back-off (the server is
 * idempotent per import and line); after the last retry the commit stops in `failed`, and
 * `retry()` resumes from that chunk. Leaving the page stops sending further chunks.
 */
export function useChunkedCommit(options: { retryDelaysMs?: readonly number[] } = {}) {
  const { retryDelaysMs = RETRY_DELAYS_MS } = options;
  const commit = useMutation(api.imports.commit);
  const [state, setState] = useState<CommitState>({ phase: "idle" });
  const job = useRef<Job | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (j: Job) => {
      const current = () => mounted.current && job.current === j;
      setState({ phase: "running", total: j.total, committed: j.committed, retry: null });
      const result = await commitChunks<ImportRow, Id<"imports">, Id<"books">>({
        chunks: j.chunks,
        startAt: j.next,
        retryDelaysMs,
        cancelled: () => !current(),
        commitChunk: (rows) =>
          commit({ clientImportId: j.clientImportId, format: j.format, rows, startCoverBackfill: j.startCoverBackfill }),
        onChunk: (index, outcome) => {
          j.next = index + 1;
          j.committed += j.chunks[index].length;
          j.totals.importId ??= outcome.importId;
          j.totals.created += outcome.created;
          j.totals.merged += outcome.merged;
          j.totals.skipped += outcome.skipped;
          j.totals.failed.push(...outcome.failed);
          j.totals.createdBookIds.push(...(outcome.createdBookIds ?? []));
          j.totals.mergedBookIds.push(...(outcome.mergedBookIds ?? []));
          if (current()) setState({ phase: "running", total: j.total, committed: j.committed, retry: null });
        },
        onRetry: (_index, attempt) => {
          if (current()) {
            setState({
              phase: "running",
              total: j.total,
              committed: j.committed,
              retry: { attempt, of: retryDelaysMs.length + 1 },
            });
          }
        },
      });
      if (!current()) return;
      if (result.ok) {
        setState({ phase: "done", total: j.total, totals: copyTotals(j.totals) });
      } else if (!result.cancelled) {
        setState({
          phase: "failed",
          total: j.total,
          committed: j.committed,
          error: errorMessage(result.error, COMMIT_INTERRUPTED_MESSAGE),
          totals: copyTotals(j.totals),
        });
      }
    },
    [commit, retryDelaysMs],
  );

  /** Starts a new import (a new clientImportId). */
  const start = useCallback(
    (input: CommitInput) => {
      const j: Job = {
        clientImportId: newImportId(),
        format: input.format,
        startCoverBackfill: input.startCoverBackfill,
        chunks: chunkRows(input.rows),
        total: input.rows.length,
        next: 0,
        committed: 0,
        totals: { importId: null, created: 0, merged: 0, skipped: 0, failed: [], createdBookIds: [], mergedBookIds: [] },
      };
      job.current = j;
      void run(j);
    },
    [run],
  );

  /** Resumes a failed commit from the chunk that failed, with the same clientImportId. */
  const retry = useCallback(() => {
    if (job.current) void run(job.current);
  }, [run]);

  /** Forgets the current import (stops sending if one is running). */
  const reset = useCallback(() => {
    job.current = null;
    setState({ phase: "idle" });
  }, []);

  return { state, start, retry, reset };
}
