"use client";

import { useMutation } from "convex/react";
import { useEffect, useRef, useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Doc } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/Button";
import { errorMessage } from "@/components/ui/errorMessage";

/**
 * "Not this cover" on a found cover: turns it down for good (`books.rejectCover`); the server looks
 * for another one. Says what happened once the lookup ends: another cover, or none (the placeholder).
 */
export function RejectCoverButton({ book }: { book: Doc<"books"> }) {
  const rejectCover = useMutation(api.books.rejectCover);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const waiting = useRef(false);
  const looking = book.coverLookupStartedAt !== undefined;

  // The lookup's end arrives through the reactive book: report it once.
  useEffect(() => {
    if (!waiting.current || looking) return;
    waiting.current = false;
    setMessage(
      book.apiCoverUrl || book.coverUrl
        ? "Found another cover."
        : "No other cover matches this book. You can upload your own or choose one.",
    );
  }, [looking, book.apiCoverUrl, book.coverUrl]);

  async function handleClick() {
    setBusy(true);
    setMessage("");
    try {
      const result = await rejectCover({ bookId: book._id });
      waiting.current = result.lookingForAnother;
      setMessage(result.lookingForAnother ? "Looking for another cover…" : "");
    } catch (err) {
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col items-start gap-2">
      {book.apiCoverUrl && !book.coverUrl ? (
        <Button variant="secondary" size="sm" loading={busy} disabled={busy} onClick={handleClick}>
          Not this cover
        </Button>
      ) : null}
      <p role="status" className="min-h-5 text-sm text-ink-muted">
        {message}
      </p>
    </div>
  );
}
