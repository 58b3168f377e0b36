"use client";

import { useConvex } from "convex/react";
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api } from "@/convex/_generated/api";
import { errorMessage } from "@/components/ui/errorMessage";
import { cn } from "@/components/ui/cn";
import { coverBackfillEnabled } from "@/lib/featureFlags";
import {
  checkImportFile,
  inferColumnMapping,
  MAPPABLE_FIELDS,
  tryParseImportFile,
  type ColumnMapping,
  type ColumnMappingOverride,
  type ExistingLibrary,
  type ImportFileError,
  type ImportParseResult,
  type TryParseResult,
} from "@/lib/import";
import { CommitProgress } from "./CommitProgress";
import { ExistingBooksLookup } from "./existingBooks";
import { PreviewStep } from "./PreviewStep";
import { readFileText } from "./readFileText";
import { buildPreviewEntries, countPreview, includedRows } from "./preview";
import { SummaryStep, type ImportSummary } from "./SummaryStep";
import { UploadStep } from "./UploadStep";
import { bookCounts, useChunkedCommit } from "./useChunkedCommit";

export interface ImportFlowProps {
  /**
   * Whether the import starts the server-side cover backfill and the summary shows its progress.
   * Defaults to the `NEXT_PUBLIC_COVER_BACKFILL_ENABLED` flag.
   */
  coverBackfill?: boolean;
  /** Waits before each retry of a failed chunk (default 0.5 s, 1.5 s, 4 s); for tests. */
  commitRetryDelaysMs?: readonly number[];
}

type Stage = "upload" | "preview" | "commit";

const READ_ERROR = "Folio couldn't read this file. Choose it again, or save it again as UTF-8 text and import that.";
const CHECK_ERROR = "Folio couldn't check the rows against your library. Check your connection and try again.";

const STEPS = [
  { key: "upload", label: "Choose a file" },
  { key: "preview", label: "Check the rows" },
  { key: "commit", label: "Import" },
  { key: "summary", label: "Done" },
] as const;

type View = (typeof STEPS)[number]["key"];

/** Whole-file problems that the column mapping editor can fix: the preview stays open for them. */
function fixableByMapping(error: ImportFileError): boolean {
  return (error.kind === "unrecognised-layout" || error.kind === "invalid-mapping") && !!error.headers;
}

/** The mapping to show in the editor when the file could not be parsed with the current choice. */
function mappingFromOverride(headers: readonly string[], override: ColumnMappingOverride | undefined): ColumnMapping {
  const mapping = inferColumnMapping(headers);
  if (!override) return mapping;
  for (const field of MAPPABLE_FIELDS) {
    if (!(field in override)) continue;
    const name = override[field];
    if (name === null || name === undefined) delete mapping[field];
    else mapping[field] = name;
  }
  return mapping;
}

/**
 * The /import flow: choose a file -> preview (counts, duplicates, invalid rows, include/skip, column
 * mapping for generic CSV) -> chunked commit with progress and retry -> summary with live cover
 * progress. Parsing runs in the browser (lib/import); the commit is `api.imports.commit`.
 */
export function ImportFlow({ coverBackfill = coverBackfillEnabled(), commitRetryDelaysMs }: ImportFlowProps) {
  const convex = useConvex();
  const { state: commitState, start, retry, reset } = useChunkedCommit({ retryDelaysMs: commitRetryDelaysMs });

  const [stage, setStage] = useState<Stage>("upload");
  const [reading, setReading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [parsed, setParsed] = useState<TryParseResult | null>(null);
  const [mappingOverride, setMappingOverride] = useState<ColumnMappingOverride | undefined>(undefined);
  const [headerOption, setHeaderOption] = useState<"auto" | "present" | "absent">("auto");
  /** The parsed file and what the library already has of it; the preview entries follow from these and `excluded`. */
  const [checked, setChecked] = useState<{ result: ImportParseResult; existing: ExistingLibrary } | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [excluded, setExcluded] = useState<Set<number>>(() => new Set());
  const entries = useMemo(
    () => (checked ? buildPreviewEntries(checked.result, checked.existing, excluded) : null),
    [checked, excluded],
  );
  const [stopped, setStopped] = useState(false);

  const lookup = useRef<ExistingBooksLookup | null>(null);
  const fileSeq = useRef(0);
  const checkSeq = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const view: View =
    stage === "commit" && (commitState.phase === "done" || (stopped && commitState.phase === "failed"))
      ? "summary"
      : stage === "commit" && commitState.phase === "idle"
        ? "preview"
        : stage;

  // Move focus to the new step's heading, so keyboard and screen reader users continue from there.
  const previousView = useRef(view);
  useLayoutEffect(() => {
    if (previousView.current === view) return;
    previousView.current = view;
    headingRef.current?.focus();
  }, [view]);

  // Closing the tab mid-commit would leave the import half done: ask first.
  const committing = commitState.phase === "running";
  useEffect(() => {
    if (!committing) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [committing]);

  async function checkAgainstLibrary(result: ImportParseResult): Promise<void> {
    const seq = ++checkSeq.current;
    setChecking(true);
    setCheckError(null);
    try {
      const existing = await lookup.current!.lookup(result.rows);
      if (seq !== checkSeq.current) return;
      setChecked({ result, existing });
    } catch (error) {
      if (seq === checkSeq.current) setCheckError(errorMessage(error, CHECK_ERROR));
    } finally {
      if (seq === checkSeq.current) setChecking(false);
    }
  }

  async function handleFile(chosen: File) {
    const seq = ++fileSeq.current;
    setUploadError(null);
    const problem = checkImportFile(chosen);
    if (problem) {
      setUploadError(problem.message);
      return;
    }
    setReading(true);
    try {
      const text = await readFileText(chosen);
      if (seq !== fileSeq.current) return;
      const result = tryParseImportFile(chosen.name, text);
      if (!result.ok && !fixableByMapping(result.error)) {
        setUploadError(result.error.message);
        return;
      }
      lookup.current = new ExistingBooksLookup((args) => convex.query(api.imports.findExisting, args));
      setFile({ name: chosen.name, text });
      setParsed(result);
      setMappingOverride(undefined);
      setHeaderOption("auto");
      setChecked(null);
      setExcluded(new Set());
      setCheckError(null);
      if (result.ok) await checkAgainstLibrary(result.result);
      if (seq !== fileSeq.current) return;
      setStage("preview");
    } catch {
      if (seq === fileSeq.current) setUploadError(READ_ERROR);
    } finally {
      if (seq === fileSeq.current) setReading(false);
    }
  }

  function reparse(override: ColumnMappingOverride | undefined, header: "auto" | "present" | "absent") {
    if (!file) return;
    const result = tryParseImportFile(file.name, file.text, { mapping: override, header });
    setParsed(result);
    if (!result.ok) {
      checkSeq.current++;
      setChecking(false);
      setChecked(null);
      return;
    }
    void checkAgainstLibrary(result.result);
  }

  function changeMapping(override: ColumnMappingOverride) {
    setMappingOverride(override);
    reparse(override, headerOption);
  }

  /** The reader says whether the first row is a header: the columns change, so the mapping starts over. */
  function changeHeaderRow(present: boolean) {
    const header = present ? "present" : "absent";
    setHeaderOption(header);
    setMappingOverride(undefined);
    reparse(undefined, header);
  }

  function startCommit() {
    if (!parsed?.ok || !entries) return;
    setStopped(false);
    start({ format: parsed.result.format, rows: includedRows(entries, excluded), startCoverBackfill: coverBackfill });
    setStage("commit");
  }

  function startOver() {
    fileSeq.current++;
    checkSeq.current++;
    reset();
    lookup.current = null;
    setStage("upload");
    setReading(false);
    setUploadError(null);
    setFile(null);
    setParsed(null);
    setMappingOverride(undefined);
    setHeaderOption("auto");
    setChecked(null);
    setChecking(false);
    setCheckError(null);
    setExcluded(new Set());
    setStopped(false);
  }

  function summary(): ImportSummary | null {
    if (commitState.phase !== "done" && commitState.phase !== "failed") return null;
    const { totals } = commitState;
    const parserErrors = parsed?.ok ? parsed.result.errors : [];
    const counts = entries ? countPreview(entries, excluded) : null;
    return {
      importId: totals.importId,
      created: totals.created,
      ...bookCounts(totals),
      nonBooks: parsed?.ok ? (parsed.result.nonBooks ?? 0) : 0,
      skipped: (counts?.skipped ?? 0) + totals.skipped,
      failed: [...parserErrors, ...totals.failed].sort((a, b) => a.line - b.line),
      notSent: commitState.phase === "failed" ? commitState.total - commitState.committed : 0,
    };
  }

  let body: ReactNode;
  if (view === "upload") {
    body = <UploadStep onFile={(f) => void handleFile(f)} busy={reading} error={uploadError} headingRef={headingRef} />;
  } else if (view === "preview" && file && parsed) {
    const headers = parsed.ok ? parsed.result.headers : parsed.error.headers;
    const editable = parsed.ok ? parsed.result.format === "csv" : fixableByMapping(parsed.error);
    body = (
      <PreviewStep
        fileName={file.name}
        format={parsed.ok ? parsed.result.format : null}
        entries={parsed.ok ? entries : null}
        excluded={excluded}
        onExcludedChange={setExcluded}
        mappingEditor={
          editable && headers
            ? {
                headers,
                mapping:
                  parsed.ok && parsed.result.mapping ? parsed.result.mapping : mappingFromOverride(headers, mappingOverride),
                onChange: changeMapping,
              }
            : null
        }
        fileError={parsed.ok ? null : parsed.error.message}
        notices={parsed.ok ? parsed.result.notices : []}
        headerRow={
          editable
            ? { present: parsed.ok ? !parsed.result.headerless : headerOption !== "absent", onChange: changeHeaderRow }
            : null
        }
        checking={checking}
        checkError={checkError}
        onRetryCheck={() => {
          if (parsed.ok) void checkAgainstLibrary(parsed.result);
        }}
        onCommit={startCommit}
        onChooseAnother={startOver}
        headingRef={headingRef}
      />
    );
  } else if (view === "commit" && (commitState.phase === "running" || commitState.phase === "failed")) {
    body = <CommitProgress state={commitState} onRetry={retry} onStop={() => setStopped(true)} headingRef={headingRef} />;
  } else if (view === "summary") {
    const s = summary();
    body = s ? <SummaryStep summary={s} showCovers={coverBackfill} onImportAnother={startOver} headingRef={headingRef} /> : null;
  }

  const current = STEPS.findIndex((s) => s.key === view);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="font-serif text-3xl sm:text-4xl">Import books</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Bring your library from Goodreads, StoryGraph, LibraryThing, Calibre, a spreadsheet or a plain list. Folio finds the
          covers.
        </p>
        <ol aria-label="Import steps" className="mt-5 flex flex-wrap gap-x-6 gap-y-2 text-sm">
          {STEPS.map((s, i) => (
            <li
              key={s.key}
              aria-current={i === current ? "step" : undefined}
              className={cn("flex items-center gap-2", i === current ? "font-medium text-ink" : "text-ink-muted")}
            >
              <span
                aria-hidden="true"
                className={cn(
                  "inline-flex size-6 items-center justify-center rounded-full border text-xs",
                  i < current && "border-success bg-success-soft text-success",
                  i === current && "border-accent bg-accent text-accent-ink",
                  i > current && "border-line-strong",
                )}
              >
                {i < current ? "✓" : i + 1}
              </span>
              {s.label}
            </li>
          ))}
        </ol>
      </div>
      {body}
    </div>
  );
}
