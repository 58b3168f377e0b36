"use client";

import { useConvex, useQuery } from "convex/react";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/Button";
import { errorMessage } from "@/components/ui/errorMessage";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { Surface } from "@/components/ui/Surface";
import { api } from "@/convex/_generated/api";
import { EXPORT_FILES, exportFileName, runExport, type ExportFormat } from "@/lib/export/runExport";
import { openExportSink } from "./exportFile";

/** Books per page: a page is one query, small enough to stay far under its read limits. */
export const EXPORT_PAGE_SIZE = 100;

const number = new Intl.NumberFormat("en");
const books = (n: number) => (n === 1 ? "1 book" : `${number.format(n)} books`);

type ExportState =
  | { phase: "idle" }
  | { phase: "running"; format: ExportFormat; written: number }
  | { phase: "done"; format: ExportFormat; written: number; fileName: string }
  | { phase: "cancelled" }
  | { phase: "failed"; message: string };

const EXPORT_FAILED = "The export stopped before the end: check your connection and try again. Nothing in your library changed.";

/**
 * Settings → "Export my library": a Goodreads-compatible CSV or a full JSON, written page by page
 * into the file as the pages arrive, with a progress bar and a way to stop.
 */
export function ExportLibrarySection() {
  const id = useId();
  const convex = useConvex();
  const counts = useQuery(api.library.counts);
  const [state, setState] = useState<ExportState>({ phase: "idle" });
  const cancelled = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      cancelled.current = true;
    };
  }, []);

  const total = counts?.total;
  const running = state.phase === "running";

  async function start(format: ExportFormat) {
    const now = new Date();
    const fileName = exportFileName(format, now);
    const file = EXPORT_FILES[format];
    cancelled.current = false;
    let sink;
    try {
      sink = await openExportSink(fileName, file.mimeType, file.label);
    } catch (error) {
      setState({ phase: "failed", message: errorMessage(error, EXPORT_FAILED) });
      return;
    }
    if (sink === null) return;
    setState({ phase: "running", format, written: 0 });
    try {
      const result = await runExport({
        format,
        now,
        fetchPage: (cursor) => convex.query(api.libraryExport.page, { paginationOpts: { numItems: EXPORT_PAGE_SIZE, cursor } }),
        write: (chunk) => sink.write(chunk),
        onProgress: (written) => {
          if (mounted.current) setState({ phase: "running", format, written });
        },
        cancelled: () => cancelled.current,
      });
      if (!result.ok) {
        await sink.abort();
        if (mounted.current) setState({ phase: "cancelled" });
        return;
      }
      await sink.close();
      if (mounted.current) setState({ phase: "done", format, written: result.books, fileName });
    } catch (error) {
      await sink.abort().catch(() => undefined);
      if (mounted.current) setState({ phase: "failed", message: errorMessage(error, EXPORT_FAILED) });
    }
  }

  return (
    <Surface padding="lg">
      <section aria-labelledby={`${id}-heading`} className="space-y-4">
        <h2 id={`${id}-heading`} className="font-serif text-2xl">
          Export my library
        </h2>
        <p className="text-ink-muted">
          Take your library with you{total !== undefined ? ` (${books(total)})` : ""}. The{" "}
          <strong>Goodreads-compatible CSV</strong> imports into Goodreads, StoryGraph and most reading apps. The{" "}
          <strong>full JSON</strong> keeps everything Folio knows: quarter stars, reviews and private notes, every read with its
          dates, shelves, the covers you chose and the ones you turned down. Either file imports back into Folio.
        </p>
        <p className="text-sm text-ink-muted">
          Covers you uploaded stay in this library: a picture file cannot travel inside the export, so when you import it into
          another library Folio looks for a cover for those books.
        </p>
        <div className="flex flex-wrap gap-3">
          <Button onClick={() => void start("goodreads-csv")} disabled={running || total === undefined || total === 0}>
            Download Goodreads CSV
          </Button>
          <Button onClick={() => void start("folio-json")} disabled={running || total === undefined || total === 0}>
            Download full JSON
          </Button>
          {running ? (
            <Button variant="ghost" onClick={() => (cancelled.current = true)}>
              Stop
            </Button>
          ) : null}
        </div>
        {state.phase === "running" ? (
          <div className="space-y-2">
            <ProgressBar
              label="Export progress"
              value={state.written}
              max={Math.max(total ?? state.written, state.written)}
              valueText={`${number.format(state.written)} of ${books(total ?? state.written)} exported`}
            />
            <p aria-live="polite" className="text-sm text-ink-muted">
              Exporting your library ({EXPORT_FILES[state.format].label}): {number.format(state.written)} of{" "}
              {books(total ?? state.written)}…
            </p>
          </div>
        ) : (
          <p aria-live="polite" className={state.phase === "failed" ? "text-sm text-danger" : "text-sm text-ink-muted"}>
            {state.phase === "done"
              ? `Exported ${books(state.written)} to ${state.fileName}.`
              : state.phase === "cancelled"
                ? "Export stopped: no file was saved."
                : state.phase === "failed"
                  ? state.message
                  : null}
          </p>
        )}
      </section>
    </Surface>
  );
}
