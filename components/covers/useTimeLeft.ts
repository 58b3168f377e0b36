"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { estimateTimeLeft, recordSample, type ProgressSample, type TimeLeft } from "@/lib/backfill/timeLeft";

/** How often the estimate is worked out again while a run goes (it moves with time as well as with progress). */
export const TIME_LEFT_TICK_MS = 5_000;

export interface TimeLeftArgs {
  /** Books processed so far. */
  processed: number;
  /** Books still to process. */
  remaining: number;
  /** A paused source holds the run until then (epoch ms). */
  waitingUntil?: number;
  /** Whether the run is going: samples are taken and the clock ticks only then. */
  active: boolean;
  /** The run is in a fast first phase (an import's ISBN batches): no estimate, and the next phase's samples start afresh. */
  fastPhase?: boolean;
}

/** The samples this screen has seen of one run, as a store (`useSyncExternalStore`). */
function createSampleStore() {
  let samples: ProgressSample[] = [];
  const listeners = new Set<() => void>();
  return {
    record(sample: ProgressSample) {
      const next = recordSample(samples, sample);
      if (next.length === samples.length && next.at(-1) === samples.at(-1)) return;
      samples = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    get: () => samples,
  };
}

/** The current time, refreshed every `intervalMs` while `ticking`. */
export function useNow(intervalMs: number, ticking = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, ticking]);
  return now;
}

/**
 * The time left of a cover run this screen is following (`estimateTimeLeft` over what it has seen:
 * a sample each time the count moves or a pause starts or ends), worked out again as time passes.
 */
export function useTimeLeft({ processed, remaining, waitingUntil, active, fastPhase = false }: TimeLeftArgs): {
  timeLeft: TimeLeft;
  now: number;
} {
  const [store] = useState(createSampleStore);
  const samples = useSyncExternalStore(store.subscribe, store.get, store.get);
  const now = useNow(TIME_LEFT_TICK_MS, active);
  const waiting = waitingUntil !== undefined && waitingUntil > now;
  useEffect(() => {
    if (active)
      store.record({ at: Date.now(), processed, ...(waiting ? { waiting: true } : {}), ...(fastPhase ? { phase: "fast" } : {}) });
  }, [store, processed, waiting, active, fastPhase]);
  return { timeLeft: estimateTimeLeft({ samples, remaining, now, waitingUntil, fastPhase }), now };
}
