"use client";

import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Doc } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/Button";
import { useToast } from "@/components/ui/Toast";
import { errorMessage } from "@/components/ui/errorMessage";
import { missingCoverSentence } from "@/lib/books/missingCover";
import { coverSourceLabel } from "@/lib/cover/sources";
import { CoverPicker } from "./CoverPicker";
import { CoverUploadButton } from "./CoverUploadButton";
import { canLookAgain, coverStateOf, type CoverState } from "./coverState";
import { FetchCoverButton } from "./FetchCoverButton";
import { RejectCoverButton } from "./RejectCoverButton";

const retryTime = (ms: number) =>
  new Date(ms).toLocaleString("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

/** The sentence that says which cover the book shows, or why it has none (announced when it changes). */
function stateSentence(state: CoverState, justRejected: boolean): string {
  switch (state.kind) {
    case "own":
      return "Your own cover";
    case "found":
      return justRejected
        ? "Found another cover."
        : state.source
          ? `Cover from ${coverSourceLabel(state.source)}`
          : "A found cover";
    case "looking":
      return state.another ? "Looking for another cover…" : "Looking for a cover…";
    case "none":
      return missingCoverSentence(state.missing, retryTime);
  }
}

/**
 * The cover controls of a book's page, each shown only when it applies to the book's current
 * state (coverState.ts): one status line says which cover shows or why there is none; then
 * "Not this cover" for a found cover, "Choose a cover", upload or replace, "Remove your cover" for
 * the reader's own, and "Look for a cover" / "Look again" when looking again could help.
 */
export function CoverControls({ book }: { book: Doc<"books"> }) {
  const removeCover = useMutation(api.books.removeCover);
  const { toast } = useToast();
  const [removing, setRemoving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [justRejected, setJustRejected] = useState(false);
  const state = coverStateOf(book);

  async function handleRemove() {
    setProblem(null);
    setRemoving(true);
    try {
      await removeCover({ bookId: book._id });
      toast({ title: "Your cover was removed", variant: "success" });
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setRemoving(false);
    }
  }

  const sentence = stateSentence(state, justRejected && state.kind === "found");
  return (
    <div className="space-y-3">
      {state.kind === "none" ? (
        <div className="space-y-1 rounded-lg border border-line-strong bg-paper-raised px-3 py-2.5">
          <h3 className="font-sans text-sm font-semibold text-ink">No cover yet</h3>
          <p role="status" className="text-sm text-ink-muted">
            {sentence}
          </p>
        </div>
      ) : (
        <p role="status" className="text-sm text-ink-muted">
          {sentence}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {state.kind === "found" ? <RejectCoverButton bookId={book._id} onRejected={() => setJustRejected(true)} /> : null}
        <CoverPicker book={book} />
        <CoverUploadButton bookId={book._id} replacing={state.kind === "own"} disabled={removing} />
        {state.kind === "own" ? (
          <Button variant="ghost" size="sm" loading={removing} disabled={removing} onClick={handleRemove}>
            Remove your cover
          </Button>
        ) : null}
      </div>
      {state.kind === "none" && canLookAgain(state.missing) ? (
        <FetchCoverButton
          bookId={book._id}
          size="sm"
          label={state.missing.reason === "not_looked_up" ? "Look for a cover" : "Look again"}
        />
      ) : null}
      <p className="text-xs text-ink-muted">Your own cover: JPEG, PNG, WebP, GIF or AVIF, up to 5 MB.</p>
      {problem ? (
        <p role="alert" className="text-sm font-medium text-danger">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
