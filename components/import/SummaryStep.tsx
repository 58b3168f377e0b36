"use client";

import Link from "next/link";
import { useId, type Ref } from "react";
import type { Id } from "@/convex/_generated/dataModel";
import { Button, buttonClasses } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { NoCoverYetLink } from "@/components/book/NoCoverYetLink";
import { CoverBackfillProgress } from "./CoverBackfillProgress";
import { formatCount, plural } from "./preview";

/** Most failed rows listed; the count covers them all. */
export const SUMMARY_FAILED_LIMIT = 200;

export interface ImportSummary {
  /** The import on the server; null when nothing was sent. */
  importId: Id<"imports"> | null;
  created: number;
  /** Books the reader already had that a row of the file matched (each counted once). */
  alreadyHad: number;
  /** Rows that repeat a book an earlier row of the same file is. */
  repeatedInFile: number;
  /** The file's books now in the library: created + already had. */
  booksInLibrary: number;
  /** Records that are not books (a LibraryThing DVD, a Libib movie): left out. */
  nonBooks: number;
  /** Rows the reader left out (plus any the server skipped). */
  skipped: number;
  /** Rows that were not imported, with why: the parser's invalid rows and the server's refusals, by line. */
  failed: { line: number; reason: string }[];
  /** Rows never sent because the reader stopped an interrupted import. */
  notSent: number;
}

export interface SummaryStepProps {
  summary: ImportSummary;
  /** Show the live cover progress (the cover backfill feature flag). */
  showCovers: boolean;
  onImportAnother: () => void;
  headingRef?: Ref<HTMLHeadingElement>;
}

/** Step 4: what the import did, the failed rows, and the covers being found for the new books. */
export function SummaryStep({ summary, showCovers, onImportAnother, headingRef }: SummaryStepProps) {
  const id = useId();
  const imported = summary.booksInLibrary;
  const failedShown = summary.failed.slice(0, SUMMARY_FAILED_LIMIT);

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-6">
      <div>
        <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="font-serif text-2xl focus:outline-none">
          {summary.notSent > 0 ? "Import stopped" : "Import finished"}
        </h2>
        <p className="mt-1 text-sm text-ink-muted">
          {imported > 0 ? `${plural(imported, "book")} in your library from this file.` : "No books were imported."}
          {summary.notSent > 0 ? ` ${plural(summary.notSent, "row")} were not sent: import the file again to add them.` : null}
        </p>
      </div>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3" aria-label="Import results">
        <Result label="Created" value={summary.created} hint="New books" className="text-success" />
        <Result
          label="Already in your library"
          value={summary.alreadyHad}
          hint="Books you had, filled in"
          className="text-accent"
        />
        <Result label="Repeated in the file" value={summary.repeatedInFile} hint="Rows that repeat a book above them" />
        {summary.nonBooks > 0 ? <Result label="Not books" value={summary.nonBooks} hint="DVDs, music, games… left out" /> : null}
        <Result label="Skipped" value={summary.skipped} hint="Rows you left out" />
        <Result
          label="Failed"
          value={summary.failed.length}
          hint="Rows not imported"
          className={summary.failed.length > 0 ? "text-danger" : undefined}
        />
      </dl>

      {showCovers && summary.importId && imported > 0 ? (
        <section aria-labelledby={`${id}-covers`} className="space-y-2 rounded-xl border border-line bg-paper-raised p-5">
          <h3 id={`${id}-covers`} className="font-medium text-ink">
            Covers
          </h3>
          <CoverBackfillProgress importId={summary.importId} />
          <NoCoverYetLink className="inline-block" />
        </section>
      ) : null}

      {summary.failed.length > 0 ? (
        <div className="overflow-x-auto rounded-xl border border-line bg-paper-raised">
          <table className="w-full border-collapse text-left text-sm">
            <caption className="px-4 py-3 text-left text-sm text-ink-muted">
              Rows not imported
              {summary.failed.length > failedShown.length
                ? ` · Showing ${formatCount(failedShown.length)} of ${formatCount(summary.failed.length)}`
                : null}
            </caption>
            <thead className="border-y border-line bg-paper-sunken text-xs tracking-wide text-ink-muted uppercase">
              <tr>
                <th scope="col" className="w-24 px-3 py-2 font-medium">
                  Line
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Reason
                </th>
              </tr>
            </thead>
            <tbody>
              {failedShown.map((f, i) => (
                <tr key={`${f.line}-${i}`} className="border-b border-line last:border-b-0">
                  <td className="px-3 py-2 tabular-nums">{f.line}</td>
                  <td className="px-3 py-2">{f.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-3 border-t border-line pt-5">
        <Link href="/library" className={buttonClasses({ variant: "primary", size: "lg" })}>
          Back to your library
        </Link>
        <Button variant="ghost" onClick={onImportAnother}>
          Import another file
        </Button>
      </div>
    </section>
  );
}

function Result({ label, value, hint, className }: { label: string; value: number; hint: string; className?: string }) {
  return (
    <div className="rounded-xl border border-line bg-paper-raised px-4 py-3">
      <dt className="text-xs font-medium tracking-wide text-ink-muted uppercase">{label}</dt>
      <dd className={cn("mt-1 font-serif text-2xl", className)}>{formatCount(value)}</dd>
      <dd className="text-xs text-ink-muted">{hint}</dd>
    </div>
  );
}
