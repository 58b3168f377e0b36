"use client";

import { useAction } from "convex/react";
import Link from "next/link";
import { createElement, Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { NO_COVER_YET_HREF } from "@/components/book/NoCoverYetLink";
import { api } from "@/convex/_generated/api";
import { errorMessage } from "@/components/ui/errorMessage";
import { useToast } from "@/components/ui/Toast";
import { coverSourceLabel } from "@/lib/cover/sources";
import { CoverRunProgress, waitingText, type CoverRunWaiting } from "./CoverRunProgress";

/** Longest pause the client honours for a source's Retry-After before the next batch. */
export const MAX_CLIENT_PAUSE_MS = 60_000;

/**
 * Batches in a row that got nothing done because the cover sources were paused: after this many
 * the run ends (a source that stays down must not keep the run going forever) and says so.
 */
export const MAX_PAUSED_BATCHES = 3;

/** The closing message when the run gave up on a source that stayed down. */
export function sourceUnavailableSummary(
  totals: { processed: number; updated: number },
  remaining: number | undefined,
  source?: string,
): string {
  const done =
    totals.processed > 0 ? ` Found ${plural(totals.updated, "cover")} for ${plural(totals.processed, "book")} before that.` : "";
  const left =
    remaining === undefined
      ? " Some books are still without a cover."
      : remaining >= 1000
        ? " 1,000 or more books are still without a cover."
        : ` ${plural(remaining, "book is", "books are")} still without a cover.`;
  const who = source ? coverSourceLabel(source) : "The cover source";
  return `${who} is unavailable right now.${left}${done} Try again later.`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The closing message of a run, from its totals. */
export function fetchSummary(totals: { processed: number; updated: number; notFound: number }, stopped: boolean): string {
  if (totals.processed === 0) {
    return stopped ? "Stopped before any book was checked." : "No books are waiting for a cover right now.";
  }
  const found = `Found ${plural(totals.updated, "cover")} for ${plural(totals.processed, "book")}`;
  const missing = totals.notFound > 0 ? ` · ${totals.notFound} not found` : "";
  return `${found}${missing}${stopped ? " (stopped)" : ""}.`;
}

/** A closing message with the link to the books still without a cover ("No cover yet"). */
function withNoCoverYetLink(message: string): ReactNode {
  return createElement(
    Fragment,
    null,
    createElement("span", null, message),
    " ",
    createElement(
      Link,
      { href: NO_COVER_YET_HREF, className: "font-medium underline underline-offset-2" },
      "Show the books with no cover yet",
    ),
  );
}

/** What "Fetch missing covers" is started with. */
export interface FetchMissingCoversOptions {
  /**
   * The books it is for (M of "N of M"): the kept count of books without a cover when the run
   * starts (`library.counts` → `withoutCover`), fixed for the run. Unknown: the toast counts without a bar.
   */
  total?: number;
}

/** The progress toast's description while the run goes: "N of M", the bar, the time left (or what it waits for). */
function progressDescription(
  totals: { processed: number; updated: number },
  total: number | undefined,
  waiting: CoverRunWaiting | undefined,
): ReactNode {
  if (total === undefined) {
    const progress = `Checked ${plural(totals.processed, "book")} · ${totals.updated} found`;
    return waiting ? `${progress}. ${waitingText(waiting)}.` : progress;
  }
  return createElement(CoverRunProgress, {
    processed: totals.processed,
    total,
    found: totals.updated,
    ...(waiting ? { waiting } : {}),
    label: "Fetch missing covers progress",
  });
}

/**
 * "Fetch missing covers": runs `books.fetchMissingCovers` batch after batch following
 * `nextCursor` until none is left, with a progress toast (the toast viewport is the aria-live
 * region) that has a Stop action: "N of M books checked", a bar and the time left, or what the
 * run waits for while a source asked it to slow down. Safe to run again; a second start while
 * running is ignored.
 */
export function useFetchMissingCovers(): {
  run: (options?: FetchMissingCoversOptions) => Promise<void>;
  stop: () => void;
  running: boolean;
} {
  const fetchMissingCovers = useAction(api.books.fetchMissingCovers);
  const { toast, update } = useToast();
  const [running, setRunning] = useState(false);
  const runningRef = useRef(false);
  const stopRef = useRef(false);
  const wakeRef = useRef<(() => void) | null>(null);
  const mountedRef = useRef(true);

  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
      stopRef.current = true;
      wakeRef.current?.();
    };
  }, []);

  const stop = useCallback(() => {
    stopRef.current = true;
    wakeRef.current?.();
  }, []);

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeRef.current = null;
        resolve();
      }
      wakeRef.current = done;
    });

  const run = useCallback(
    async ({ total }: FetchMissingCoversOptions = {}) => {
      if (runningRef.current) return;
      runningRef.current = true;
      stopRef.current = false;
      setRunning(true);
      const stopAction = { label: "Stop", altText: "Stop fetching covers", onClick: stop, dismissOnClick: false };
      const totals = { processed: 0, updated: 0, notFound: 0 };
      const id = toast({
        title: "Fetching missing covers…",
        description: progressDescription(totals, total, undefined),
        duration: Infinity,
        action: stopAction,
      });
      let cursor: string | undefined;
      let pausedInARow = 0;
      let unavailable: { remaining?: number; source?: string } | null = null;
      try {
        do {
          const result = await fetchMissingCovers(cursor ? { cursor } : {});
          totals.processed += result.processed;
          totals.updated += result.updated;
          totals.notFound += result.failures.length;
          cursor = result.nextCursor;
          pausedInARow = result.retryAfterMs && result.processed === 0 ? pausedInARow + 1 : 0;
          if (cursor && pausedInARow >= MAX_PAUSED_BATCHES) {
            unavailable = { remaining: result.remaining, source: result.waitingForSource };
            break;
          }
          if (cursor && result.retryAfterMs && !stopRef.current) {
            const pauseMs = Math.min(result.retryAfterMs, MAX_CLIENT_PAUSE_MS);
            const waiting = {
              until: Date.now() + pauseMs,
              ...(result.waitingForSource ? { source: result.waitingForSource } : {}),
            };
            update(id, { description: progressDescription(totals, total, waiting) });
            await pause(pauseMs);
          }
          update(id, { description: progressDescription(totals, total, undefined) });
        } while (cursor && !stopRef.current);
        if (mountedRef.current && unavailable) {
          update(id, {
            title: "Cover source unavailable",
            description: withNoCoverYetLink(sourceUnavailableSummary(totals, unavailable.remaining, unavailable.source)),
            variant: "error",
            duration: 10_000,
            action: null,
          });
        } else if (mountedRef.current) {
          const summary = fetchSummary(totals, stopRef.current && !!cursor);
          update(id, {
            title: stopRef.current && cursor ? "Stopped fetching covers" : "Finished fetching covers",
            description: totals.notFound > 0 ? withNoCoverYetLink(summary) : summary,
            variant: "success",
            duration: 8000,
            action: null,
          });
        }
      } catch (error) {
        if (mountedRef.current) {
          update(id, {
            title: "Fetching covers stopped",
            description: `${errorMessage(error)} ${fetchSummary(totals, true)}`,
            variant: "error",
            duration: 10_000,
            action: null,
          });
        }
      } finally {
        runningRef.current = false;
        if (mountedRef.current) setRunning(false);
      }
    },
    [fetchMissingCovers, toast, update, stop],
  );

  return { run, stop, running };
}
