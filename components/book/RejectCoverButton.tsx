"use client";

import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/Button";
import { errorMessage } from "@/components/ui/errorMessage";

/**
 * "Not this cover" on a found cover: turns it down for good (`books.rejectCover`); the server looks
 * for another one. What happens next (looking, another cover, or none) shows through the book's
 * own state in CoverControls, so no message here can outlive it.
 */
export function RejectCoverButton({ bookId, onRejected }: { bookId: Id<"books">; onRejected?: () => void }) {
  const rejectCover = useMutation(api.books.rejectCover);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function handleClick() {
    setBusy(true);
    setProblem(null);
    try {
      await rejectCover({ bookId });
      onRejected?.();
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button variant="secondary" size="sm" loading={busy} disabled={busy} onClick={handleClick}>
        Not this cover
      </Button>
      {problem ? (
        <p role="alert" className="basis-full text-sm font-medium text-danger">
          {problem}
        </p>
      ) : null}
    </>
  );
}
