"use client";

import { useQuery } from "convex/react";
import { useEffect, useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { Spinner } from "@/components/ui/Spinner";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { formatCount } from "./preview";

export interface CoverBackfillProgressProps {
  /** The import whose server-side cover run to follow. */
  importId: Id<"imports">;
}

/** "Resuming in about 45 min (at 14:05)." for a pause that ends at `until` (epoch ms). */
export function resumeText(until: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  const at = new Date(until).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const wait = minutes < 2 && until - now < 60_000 ? "less than a minute" : `about ${minutes} min`;
  return `Resuming in ${wait} (at ${at}).`;
}

/** The current time, refreshed every `intervalMs` (so a "resuming in" countdown moves on). */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Live progress of the cover backfill the import started on the server
 * (`api.coverBackfill.progress`, reactive): "Finding covers: 312 of 480 · 296 found", then
 * "Covers: 296 found, 184 not found".
 */
export function CoverBackfillProgress({ importId }: CoverBackfillProgressProps) {
  const progress = useQuery(api.coverBackfill.progress, { importId });
  const run = progress?.run;
  const now = useNow(15_000);

  let message: string;
  if (progress === undefined) message = "Checking which books need covers…";
  else if (!run) message = "Every imported book already has a cover.";
  else if (run.state === "running" && run.waitingForSourceUntil !== undefined && run.waitingForSourceUntil > now)
    message = `Waiting for the cover source: ${formatCount(run.processed)} of ${formatCount(run.total)} checked · ${formatCount(run.found)} found. ${resumeText(run.waitingForSourceUntil, now)}`;
  else if (run.state === "running")
    message = `Finding covers: ${formatCount(run.processed)} of ${formatCount(run.total)} · ${formatCount(run.found)} found`;
  else if (run.stoppedAfterErrors)
    message = `The cover search stopped after repeated errors: ${formatCount(run.processed)} of ${formatCount(run.total)} checked · ${formatCount(run.found)} found. “Fetch missing covers” in the Library menu looks for the rest.`;
  else message = `Covers: ${formatCount(run.found)} found, ${formatCount(run.notFound)} not found`;

  return (
    <div className="space-y-2">
      <p role="status" aria-atomic="true" className="flex items-center gap-2 text-ink">
        {progress === undefined || run?.state === "running" ? <Spinner className="text-ink-muted" /> : null}
        <span>{message}</span>
        {run?.state === "done" && !run.stoppedAfterErrors ? <span className="text-ink-muted">· Finished.</span> : null}
      </p>
      {run ? (
        <ProgressBar
          label="Cover search progress"
          value={run.processed}
          max={run.total}
          valueText={`${formatCount(run.processed)} of ${formatCount(run.total)} books checked`}
          size="sm"
        />
      ) : null}
      {run?.state === "running" ? (
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
