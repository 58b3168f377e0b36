"use client";

import { useAction } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { Button, type ButtonProps } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { errorMessage } from "@/components/ui/errorMessage";
import { fetchCoverMessage, type FetchCoverResult } from "./coverMessages";

export interface FetchCoverButtonProps {
  bookId: Id<"books">;
  /** Called with the lookup's result once it settles. */
  onResult?: (result: FetchCoverResult) => void;
  size?: ButtonProps["size"];
  className?: string;
  /** The button's words (default "Fetch cover"; the book page says "Look for a cover" or "Look again"). */
  label?: string;
}

type Outcome = { tone: "success" | "neutral" | "error"; message: string };

function outcomeOf(result: FetchCoverResult): Outcome {
  const tone = result.status === "found" ? "success" : result.status === "already_has_cover" ? "neutral" : "error";
  return { tone, message: fetchCoverMessage(result) };
}

/** Looks this book's cover up now (`api.books.fetchCover`) and says what happened. */
export function FetchCoverButton({ bookId, onResult, size = "md", className, label = "Fetch cover" }: FetchCoverButtonProps) {
  const fetchCover = useAction(api.books.fetchCover);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function handleClick() {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await fetchCover({ bookId });
      setOutcome(outcomeOf(result));
      onResult?.(result);
    } catch (err) {
      setOutcome({ tone: "error", message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={cn("flex flex-col items-start gap-2", className)}>
      <Button variant="secondary" size={size} loading={busy} onClick={handleClick}>
        {busy ? "Fetching cover…" : label}
      </Button>
      {/* Always rendered so the outcome is announced when it appears. */}
      <p
        role="status"
        className={cn(
          "min-h-5 text-sm",
          outcome?.tone === "success" && "text-success",
          outcome?.tone === "neutral" && "text-ink-muted",
          outcome?.tone === "error" && "text-danger",
        )}
      >
        {outcome?.message ?? ""}
      </p>
    </div>
  );
}
