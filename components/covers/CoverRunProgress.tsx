"use client";

import { useState } from "react";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { timeLeftText, type TimeLeft } from "@/lib/backfill/timeLeft";
import { coverSourceLabel } from "@/lib/cover/sources";
import { useTimeLeft } from "./useTimeLeft";

export interface CoverRunWaiting {
  /** Until when (epoch ms). */
  until: number;
  /** The paused source's id (`coverSourceLabel` names it), when known. */
  source?: string;
}

export interface CoverRunProgressProps {
  /** Books looked at so far (N). */
  processed: number;
  /** Books the run is for (M); a count past it is shown as M of M. */
  total: number;
  /** Covers found so far. */
  found: number;
  /** A paused source the run is waiting for, if any. */
  waiting?: CoverRunWaiting;
  /** The bar's accessible name. */
  label?: string;
  /** The run is in a fast first phase whose pace says nothing about the rest (an import's ISBN batches). */
  fastPhase?: boolean;
}

const nf = new Intl.NumberFormat("en-US");
const count = (n: number) => nf.format(n);

/** "14:32" for an epoch time, in the reader's own clock. */
export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** "Waiting for Open Library until 14:32" (or "the cover source" when the source is not known). */
export function waitingText(waiting: CoverRunWaiting): string {
  const who = waiting.source ? coverSourceLabel(waiting.source) : "the cover source";
  return `Waiting for ${who} until ${clockTime(waiting.until)}`;
}

/** The line under the bar: the time left, "estimating…", or what the run waits for. */
function timeLeftLine(timeLeft: TimeLeft, waiting: CoverRunWaiting | undefined): string {
  if (timeLeft.kind === "waiting") return `${waitingText({ until: timeLeft.until, source: waiting?.source })}.`;
  if (timeLeft.kind === "estimating") return "Estimating the time left…";
  const text = timeLeftText(timeLeft.ms);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} left.`;
}

/**
 * What a screen reader is told, and when: the text as it stood at the last meaningful change
 * (`key`), never at every tick or every book (the visible numbers move on without it).
 */
function useAnnouncement(key: string, text: string): string {
  const [announced, setAnnounced] = useState({ key, text });
  if (announced.key !== key) {
    setAnnounced({ key, text });
    return text;
  }
  return announced.text;
}

export interface CoverRunView {
  /** M (never below N). */
  max: number;
  /** "312 of 480 books checked · 296 found". */
  counts: string;
  /** "About 3 minutes left.", "Estimating the time left…" or "Waiting for Open Library until 14:32." */
  line: string;
  /** `counts` and `line` as they stood at the last meaningful change, for a polite status line. */
  announcement: string;
}

/**
 * A cover run as a screen shows it (see `CoverRunProgress`). `active`: the run is going (samples
 * are taken and the estimate moves with time only then).
 */
export function useCoverRunView({
  processed,
  total,
  found,
  waiting,
  active,
  fastPhase,
}: Omit<CoverRunProgressProps, "label"> & { active: boolean }): CoverRunView {
  const max = Math.max(total, processed);
  const remaining = Math.max(0, max - processed);
  const { timeLeft } = useTimeLeft({
    processed,
    remaining,
    waitingUntil: waiting?.until,
    active: active && remaining > 0,
    ...(fastPhase ? { fastPhase } : {}),
  });
  const counts = `${count(processed)} of ${count(max)} books checked · ${count(found)} found`;
  const line = timeLeftLine(timeLeft, waiting);
  // Meaningful: another tenth done, an estimate found or lost, a pause begun or ended.
  const tenth = max === 0 ? 10 : Math.floor((processed / max) * 10);
  const key = [tenth, timeLeft.kind, timeLeft.kind === "waiting" ? timeLeft.until : ""].join("|");
  const announcement = useAnnouncement(key, `${counts}. ${line}`);
  return { max, counts, line, announcement };
}

/** The run's numbers, bar and time left; not a live region (inside a live toast, not announced either). */
export function CoverRunNumbers({ view, processed, label }: { view: CoverRunView; processed: number; label: string }) {
  return (
    <div aria-live="off" className="space-y-1.5">
      <p className="text-sm text-ink tabular-nums">{view.counts}</p>
      <ProgressBar
        label={label}
        value={processed}
        max={view.max}
        valueText={`${count(processed)} of ${count(view.max)} books checked`}
        size="sm"
      />
      <p className="text-sm text-ink-muted">{view.line}</p>
    </div>
  );
}

/**
 * "N of M" for a cover run, its bar, and the time left from the measured rate (or "Estimating the
 * time left…", or "Waiting for Open Library until 14:32" while a source is paused, with no
 * countdown). The numbers are not a live region; a polite status line says the run's meaningful
 * changes: a tenth more done, an estimate found, a pause begun or ended.
 */
export function CoverRunProgress({ label = "Cover search progress", ...run }: CoverRunProgressProps) {
  const view = useCoverRunView({ ...run, active: true });
  return (
    <div className="space-y-1.5">
      <CoverRunNumbers view={view} processed={run.processed} label={label} />
      <p role="status" aria-atomic="true" className="sr-only">
        {view.announcement}
      </p>
    </div>
  );
}
