"use client";

import { useQuery } from "convex/react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { CoverRunNumbers, useCoverRunView } from "@/components/covers/CoverRunProgress";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/Spinner";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { formatCount } from "./preview";

export interface CoverBackfillProgressProps {
  /** The import whose server-side cover run to follow. */
  importId: Id<"imports">;
}

/**
 * Live progress of the cover backfill the import started on the server
 * (`api.coverBackfill.progress`, reactive): "312 of 480 books checked · 296 found", a bar, and
 * "About 3 minutes left." from the rate this page measured (or "Estimating the time left…", or
 * "Waiting for Open Library until 14:32."), then "Covers: 296 found, 184 not found. Finished."
 *
 * One polite status line speaks for all of it: while the run goes it says only meaningful changes
 * (`useCoverRunView`'s announcement, visually hidden: the numbers show above it), and the end.
 */
export function CoverBackfillProgress({ importId }: CoverBackfillProgressProps) {
  const progress = useQuery(api.coverBackfill.progress, { importId });
  const run = progress?.run;
  const running = run?.state === "running";
  const view = useCoverRunView({
    processed: run?.processed ?? 0,
    total: run?.total ?? 0,
    found: run?.found ?? 0,
    ...(running && run.waitingForSourceUntil !== undefined
      ? { waiting: { until: run.waitingForSourceUntil, source: run.waitingForSource } }
      : {}),
    // The ISBN batches are fast and the title searches after them slow: no estimate from the former.
    fastPhase: running && run.lookingUpIsbns === true,
    active: running,
  });

  let status: string;
  if (progress === undefined) status = "Checking which books need covers…";
  else if (!run) status = "Every imported book already has a cover.";
  else if (running) status = `Finding covers: ${view.announcement}`;
  else if (run.stoppedAfterErrors)
    status = `The cover search stopped after repeated errors: ${formatCount(run.processed)} of ${formatCount(run.total)} checked · ${formatCount(run.found)} found. “Fetch missing covers” in the Library menu looks for the rest.`;
  else status = `Covers: ${formatCount(run.found)} found, ${formatCount(run.notFound)} not found. Finished.`;

  return (
    <div className="space-y-2">
      {running ? (
        <p className="flex items-center gap-2 text-ink">
          <Spinner className="text-ink-muted" />
          <span>Finding covers</span>
        </p>
      ) : null}
      <p role="status" aria-atomic="true" className={cn(running ? "sr-only" : "flex items-center gap-2 text-ink")}>
        {progress === undefined ? <Spinner className="text-ink-muted" /> : null}
        <span>{status}</span>
      </p>
      {running ? <CoverRunNumbers view={view} processed={run.processed} label="Cover search progress" /> : null}
      {run && !running ? (
        <ProgressBar
          label="Cover search progress"
          value={run.processed}
          max={run.total}
          valueText={`${formatCount(run.processed)} of ${formatCount(run.total)} books checked`}
          size="sm"
        />
      ) : null}
      {running ? (
        <p className="text-sm text-ink-muted">
          Covers are found on the server: they keep arriving on your library even if you leave this page.
        </p>
      ) : null}
      {run?.state === "done" && run.notFound > 0 ? (
        <p className="text-sm text-ink-muted">
          Books without a cover keep a designed placeholder. You can add a cover on a book&apos;s page at any time.
        </p>
      ) : null}
    </div>
  );
}
