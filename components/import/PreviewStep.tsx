"use client";

import { useId, useMemo, useState, type Ref } from "react";
import { RatingStars } from "@/components/book/RatingStars";
import { statusLabel } from "@/components/book/status";
import { Button } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { SelectField } from "@/components/ui/Field";
import { Spinner } from "@/components/ui/Spinner";
import { DUPLICATE_REASON_LABELS, IMPORT_FORMAT_LABELS, type ImportFormat } from "@/lib/import";
import { ColumnMappingEditor, type ColumnMappingEditorProps } from "./ColumnMappingEditor";
import { LibraryCapNotice } from "./LibraryCapNotice";
import {
  countPreview,
  formatCount,
  matchesFilter,
  plural,
  PREVIEW_FILTERS,
  type PreviewEntry,
  type PreviewFilter,
} from "./preview";

/** Most rows rendered in the table at once; the counts always cover the whole file. */
export const PREVIEW_ROW_LIMIT = 200;

export interface PreviewStepProps {
  fileName: string;
  /** The format the parser read; null when the layout could not be read (see `fileError`). */
  format: ImportFormat | null;
  /** Every line of the file that imports or fails; null until the first check against the library is done. */
  entries: PreviewEntry[] | null;
  /** Lines the reader chose to skip. */
  excluded: ReadonlySet<number>;
  onExcludedChange: (excluded: Set<number>) => void;
  /** For a generic CSV (or one whose title column was not found): the column mapping editor. */
  mappingEditor: Omit<ColumnMappingEditorProps, "disabled"> | null;
  /** A whole-file problem the mapping editor can fix (no title column, a column that is not in the file). */
  fileError: string | null;
  /** What the reader should know about the whole file (a guessed header row, how dates were read). */
  notices?: readonly string[];
  /** For a generic CSV: whether its first row holds column names, and a way to say otherwise. */
  headerRow?: { present: boolean; onChange: (present: boolean) => void } | null;
  /** True while the rows are being checked against the library (after a file or a mapping change). */
  checking: boolean;
  /** The library check failed; `onRetryCheck` asks again. */
  checkError: string | null;
  onRetryCheck: () => void;
  onCommit: () => void;
  onChooseAnother: () => void;
  headingRef?: Ref<HTMLHeadingElement>;
}

const PREVIEW_COLUMNS = ["Include", "Line", "Title", "Author", "ISBN", "Status", "Rating", "What will happen"] as const;

const STATUS_STYLES: Record<PreviewEntry["status"], string> = {
  new: "bg-success-soft text-success",
  "duplicate-existing": "bg-paper-sunken text-ink ring-1 ring-line-strong",
  "duplicate-earlier": "bg-paper-sunken text-ink ring-1 ring-line-strong",
  invalid: "bg-danger-soft text-danger",
};

/** " (same ISBN)": why a duplicate counts as the same book. */
function why(entry: PreviewEntry): string {
  return entry.duplicateReason ? ` (${DUPLICATE_REASON_LABELS[entry.duplicateReason]})` : "";
}

function outcomeText(entry: PreviewEntry): string {
  switch (entry.status) {
    case "new":
      return "New";
    case "duplicate-existing":
      return `Already in your library${why(entry)}`;
    case "duplicate-earlier":
      return `Duplicate of line ${entry.duplicateOfLine}${why(entry)}`;
    case "invalid":
      return `Invalid: ${entry.reasons.join("; ")}`;
  }
}

/** "30 new · 2 to merge · 1 invalid · 3 skipped": the counts beside the Import button (zeros left out, "new" always). */
export function actionBarCounts(counts: { newBooks: number; duplicates: number; invalid: number; skipped: number }): string {
  return [
    `${formatCount(counts.newBooks)} new`,
    counts.duplicates > 0 ? `${formatCount(counts.duplicates)} to merge` : null,
    counts.invalid > 0 ? `${formatCount(counts.invalid)} invalid` : null,
    counts.skipped > 0 ? `${formatCount(counts.skipped)} skipped` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** Step 2: counts, the column mapping (generic CSV), and a table of what happens to each row. */
export function PreviewStep({
  fileName,
  format,
  entries,
  excluded,
  onExcludedChange,
  mappingEditor,
  fileError,
  notices = [],
  headerRow = null,
  checking,
  checkError,
  onRetryCheck,
  onCommit,
  onChooseAnother,
  headingRef,
}: PreviewStepProps) {
  const id = useId();
  const [filter, setFilter] = useState<PreviewFilter>("all");
  const counts = useMemo(() => (entries ? countPreview(entries, excluded) : null), [entries, excluded]);
  const visible = useMemo(
    () => (entries ? entries.filter((e) => matchesFilter(e, filter, excluded)) : []),
    [entries, filter, excluded],
  );
  const shown = visible.slice(0, PREVIEW_ROW_LIMIT);
  const duplicateLines = useMemo(
    () => (entries ?? []).filter((e) => e.status === "duplicate-existing" || e.status === "duplicate-earlier").map((e) => e.line),
    [entries],
  );
  const canCommit = !checking && !fileError && !checkError && counts !== null && counts.toImport > 0;

  function toggle(line: number, include: boolean) {
    const next = new Set(excluded);
    if (include) next.delete(line);
    else next.add(line);
    onExcludedChange(next);
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-6">
      <div>
        <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="font-serif text-2xl focus:outline-none">
          Check what will be imported
        </h2>
        <p className="mt-1 text-sm text-ink-muted">
          <span className="font-medium text-ink">{fileName}</span>
          {format ? ` · ${IMPORT_FORMAT_LABELS[format]}` : null}
        </p>
      </div>

      {notices.length > 0 ? (
        <div className="space-y-1 rounded-lg border border-line-strong bg-paper-sunken px-4 py-3 text-sm text-ink">
          <p className="font-medium">About this file</p>
          <ul className="list-disc space-y-1 pl-5">
            {notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {headerRow ? (
        <label className="flex items-center gap-2 text-sm text-ink">
          <input
            type="checkbox"
            className="size-4 accent-accent"
            checked={headerRow.present}
            disabled={checking}
            onChange={(event) => headerRow.onChange(event.currentTarget.checked)}
          />
          The first row holds column names (not a book)
        </label>
      ) : null}

      {mappingEditor ? (
        <ColumnMappingEditor {...mappingEditor} headerless={headerRow ? !headerRow.present : false} disabled={checking} />
      ) : null}

      {fileError ? (
        <div role="alert" className="rounded-lg border border-danger/40 bg-danger-soft px-4 py-3 text-sm text-danger">
          {fileError}
        </div>
      ) : null}

      {checkError ? (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-danger/40 bg-danger-soft px-4 py-3 text-sm text-danger"
        >
          <span>{checkError}</span>
          <Button size="sm" onClick={onRetryCheck}>
            Check again
          </Button>
        </div>
      ) : null}

      <div role="status" className="min-h-5 text-sm text-ink-muted">
        {checking ? (
          <span className="inline-flex items-center gap-2">
            <Spinner />
            Checking the rows against your library…
          </span>
        ) : null}
      </div>

      {counts && !fileError ? (
        <>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" aria-label="Counts">
            <Count label="To import as new" value={counts.newBooks} tone="success" />
            <Count label="Duplicates to merge" value={counts.duplicates} tone="plain" />
            <Count label="Invalid" value={counts.invalid} tone={counts.invalid > 0 ? "danger" : "plain"} />
            <Count label="Warnings" value={counts.warnings} tone="plain" />
            <Count label="Skipped by you" value={counts.skipped} tone="plain" />
          </dl>

          <LibraryCapNotice newBooks={counts.newBooks} />

          <div className="space-y-2 text-sm text-ink-muted">
            {counts.duplicates > 0 ? (
              <p id={`${id}-duplicates-hint`}>
                <strong className="font-medium text-ink">Duplicates are included.</strong> A duplicate merges into the book it
                repeats and only fills in details that book lacks (ISBN, shelves, dates, publisher, review…): your title, author,
                status, rating, ISBN and cover are never changed. Books whose ISBNs differ are never merged. Untick any row you
                would rather skip.
              </p>
            ) : null}
            {counts.invalid > 0 ? (
              <p>
                Invalid rows can&apos;t be imported: the rest of the file still will. Fix those lines in the file and import it
                again later; the rows already imported will merge, not repeat.
              </p>
            ) : null}
          </div>

          <div className="flex flex-wrap items-end justify-between gap-3">
            <div className="w-56">
              <SelectField
                id={`${id}-filter`}
                label="Show"
                options={PREVIEW_FILTERS}
                value={filter}
                onChange={(event) => setFilter(event.currentTarget.value as PreviewFilter)}
              />
            </div>
            <div className="flex flex-wrap gap-2">
              <Button
                size="sm"
                disabled={duplicateLines.length === 0 || duplicateLines.every((line) => excluded.has(line))}
                onClick={() => onExcludedChange(new Set([...excluded, ...duplicateLines]))}
              >
                Skip all duplicates
              </Button>
              <Button size="sm" disabled={excluded.size === 0} onClick={() => onExcludedChange(new Set())}>
                Include all rows
              </Button>
            </div>
          </div>

          <div className="overflow-x-auto rounded-xl border border-line bg-paper-raised">
            <table className="w-full min-w-[48rem] border-collapse text-left text-sm">
              <caption className="px-4 py-3 text-left text-sm text-ink-muted">
                Rows of {fileName}
                {visible.length > shown.length
                  ? ` · Showing ${formatCount(shown.length)} of ${formatCount(visible.length)} rows`
                  : ` · ${plural(visible.length, "row")}`}
              </caption>
              <thead className="border-y border-line bg-paper-sunken text-xs tracking-wide text-ink-muted uppercase">
                <tr>
                  {PREVIEW_COLUMNS.map((column) => (
                    <th key={column} scope="col" className="px-3 py-2 font-medium">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((entry) => (
                  <PreviewRow key={entry.line} entry={entry} included={!excluded.has(entry.line)} onToggle={toggle} />
                ))}
                {shown.length === 0 ? (
                  <tr>
                    <td colSpan={PREVIEW_COLUMNS.length} className="px-3 py-6 text-center text-ink-muted">
                      No rows to show.
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
          {visible.length > shown.length ? (
            <p className="text-sm text-ink-muted">
              The table shows the first {formatCount(PREVIEW_ROW_LIMIT)} rows; the counts above cover the whole file. Use “Show”
              to find invalid or duplicate rows.
            </p>
          ) : null}
        </>
      ) : null}

      {/* The primary action stays in view below the long table, with the counts it acts on. */}
      <div
        role="group"
        aria-label="Import"
        className="sticky bottom-0 z-10 -mx-4 flex flex-wrap items-center gap-x-3 gap-y-2 border-t border-line bg-paper px-4 py-3 shadow-[0_-6px_16px_-8px_rgb(60_40_20/0.18)] sm:-mx-6 sm:px-6"
      >
        <Button variant="primary" size="lg" disabled={!canCommit} onClick={onCommit}>
          {counts && counts.toImport > 0 ? `Import ${plural(counts.toImport, "book")}` : "Import"}
        </Button>
        {counts && !fileError ? <p className="text-sm text-ink-muted tabular-nums">{actionBarCounts(counts)}</p> : null}
        <Button variant="ghost" onClick={onChooseAnother} className="sm:ml-auto">
          Choose another file
        </Button>
        {counts && counts.toImport === 0 && !checking && !fileError ? (
          <p className="basis-full text-sm text-ink-muted">Nothing to import: every row is invalid or skipped.</p>
        ) : null}
      </div>
    </section>
  );
}

function Count({ label, value, tone }: { label: string; value: number; tone: "success" | "accent" | "danger" | "plain" }) {
  return (
    <div className="rounded-xl border border-line bg-paper-raised px-4 py-3">
      <dt className="text-xs font-medium tracking-wide text-ink-muted uppercase">{label}</dt>
      <dd
        className={cn(
          "mt-1 font-serif text-2xl",
          tone === "success" && "text-success",
          tone === "accent" && "text-accent",
          tone === "danger" && "text-danger",
        )}
      >
        {formatCount(value)}
      </dd>
    </div>
  );
}

function PreviewRow({
  entry,
  included,
  onToggle,
}: {
  entry: PreviewEntry;
  included: boolean;
  onToggle: (line: number, include: boolean) => void;
}) {
  const invalid = entry.status === "invalid";
  const row = entry.row;
  return (
    <tr className={cn("border-b border-line last:border-b-0 align-top", (!included || invalid) && "text-ink-muted")}>
      <td className="px-3 py-2">
        <input
          type="checkbox"
          aria-label={`Include line ${entry.line}`}
          checked={!invalid && included}
          disabled={invalid}
          onChange={(event) => onToggle(entry.line, event.currentTarget.checked)}
          className="size-4 accent-accent"
        />
      </td>
      <td className="px-3 py-2 tabular-nums">{entry.line}</td>
      <td className="max-w-[18rem] px-3 py-2 break-words">{row ? row.title : "—"}</td>
      <td className="max-w-[12rem] px-3 py-2 break-words">
        {row ? row.author || <span className="text-ink-faint">Unknown author</span> : "—"}
      </td>
      <td className="px-3 py-2 tabular-nums">{row?.isbn ?? "—"}</td>
      <td className="px-3 py-2 whitespace-nowrap">{row ? statusLabel(row.status) : "—"}</td>
      <td className="px-3 py-2 whitespace-nowrap">{row?.rating ? <RatingStars rating={row.rating} /> : "—"}</td>
      <td className="px-3 py-2">
        <span className={cn("inline-block rounded-md px-2 py-0.5 text-xs font-medium", STATUS_STYLES[entry.status])}>
          {outcomeText(entry)}
        </span>
        {!invalid && !included ? <span className="ml-2 text-xs font-medium text-ink">Skipped</span> : null}
        {entry.warnings.length > 0 ? (
          <ul className="mt-1 space-y-0.5 text-xs text-ink-muted">
            {entry.warnings.map((warning, i) => (
              <li key={i}>Warning: {warning}</li>
            ))}
          </ul>
        ) : null}
      </td>
    </tr>
  );
}
