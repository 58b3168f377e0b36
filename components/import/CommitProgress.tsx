"use client";

import { useId, type Ref } from "react";
import { Button } from "@/components/ui/Button";
import { Spinner } from "@/components/ui/Spinner";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { formatCount } from "./preview";
import type { CommitState } from "./useChunkedCommit";

export interface CommitProgressProps {
  state: Extract<CommitState, { phase: "running" } | { phase: "failed" }>;
  /** Resume from the chunk that failed. */
  onRetry: () => void;
  /** Give up on the rest and see what was imported. */
  onStop: () => void;
  headingRef?: Ref<HTMLHeadingElement>;
}

/** Step 3: a progress bar while the chunks are saved; on failure, the error and "Try again". */
export function CommitProgress({ state, onRetry, onStop, headingRef }: CommitProgressProps) {
  const id = useId();
  const { total, committed } = state;
  const failed = state.phase === "failed";

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-5">
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="font-serif text-2xl focus:outline-none">
        {failed ? "The import was interrupted" : "Importing…"}
      </h2>

      <div className="space-y-2">
        <ProgressBar
          label="Import progress"
          value={committed}
          max={total}
          valueText={`${formatCount(committed)} of ${formatCount(total)} rows saved`}
          tone={failed ? "danger" : "accent"}
        />
        <p role="status" className="flex items-center gap-2 text-sm text-ink-muted">
          {!failed ? <Spinner /> : null}
          <span>
            {formatCount(committed)} of {formatCount(total)} rows saved
            {state.phase === "running" && state.retry
              ? ` · Connection problem, trying again (attempt ${state.retry.attempt} of ${state.retry.of})…`
              : null}
          </span>
        </p>
      </div>

      {failed ? (
        <div role="alert" className="space-y-3 rounded-lg border border-danger/40 bg-danger-soft px-4 py-3 text-sm">
          <p className="font-medium text-danger">{state.error}</p>
          <p className="text-ink-muted">
            The rows already saved stay saved. “Try again” continues where the import stopped and never adds a book twice.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="primary" onClick={onRetry}>
              Try again
            </Button>
            <Button variant="ghost" onClick={onStop}>
              Stop and see what was imported
            </Button>
          </div>
        </div>
      ) : (
        <p className="text-sm text-ink-muted">Keep this page open until every row is saved.</p>
      )}
    </section>
  );
}
