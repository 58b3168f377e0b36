"use client";

import { useAction, useMutation } from "convex/react";
import { useId, useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Doc } from "@/convex/_generated/dataModel";
import { Button, buttonClasses } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { useToast } from "@/components/ui/Toast";
import { errorMessage } from "@/components/ui/errorMessage";
import { COVER_CONTENT_TYPES } from "@/lib/books/coverFile";
import { coverSourceLabel } from "@/lib/cover/sources";
import { CoverPicker } from "./CoverPicker";
import { FetchCoverButton } from "./FetchCoverButton";
import { RejectCoverButton } from "./RejectCoverButton";
import { CoverUploadError, coverFileProblem, uploadCoverFile } from "./uploadCover";

/**
 * Upload, replace or remove the reader's own cover; turn down a found cover ("Not this cover");
 * choose one among the sources' candidates; look one up when the book has none.
 */
export function CoverControls({ book }: { book: Doc<"books"> }) {
  const generateUploadUrl = useMutation(api.books.generateUploadUrl);
  const setCover = useAction(api.books.setCover);
  const removeCover = useMutation(api.books.removeCover);
  const { toast } = useToast();
  const [busy, setBusy] = useState<"upload" | "remove" | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const problemId = `${inputId}-problem`;

  const hasOwnCover = Boolean(book.coverUrl);
  const hasAnyCover = hasOwnCover || Boolean(book.apiCoverUrl);

  async function handleFile(file: File) {
    const pre = coverFileProblem(file);
    setProblem(pre);
    if (pre) return;
    setBusy("upload");
    try {
      const storageId = await uploadCoverFile(file, () => generateUploadUrl({}));
      await setCover({ bookId: book._id, storageId });
      toast({ title: hasOwnCover ? "Cover replaced" : "Cover added", variant: "success" });
    } catch (err) {
      setProblem(err instanceof CoverUploadError ? err.message : errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  async function handleRemove() {
    setProblem(null);
    setBusy("remove");
    try {
      await removeCover({ bookId: book._id });
      toast({ title: "Your cover was removed", variant: "success" });
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-3">
      {!hasOwnCover && book.apiCoverUrl && book.apiSource ? (
        <p className="text-xs text-ink-muted">Cover from {coverSourceLabel(book.apiSource)}</p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {/* A real file input, visually replaced by a button-styled label (still keyboard focusable). */}
        <label
          htmlFor={inputId}
          aria-busy={busy === "upload" || undefined}
          className={cn(
            buttonClasses({ variant: "secondary", size: "sm" }),
            "cursor-pointer has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-focus",
            busy !== null && "pointer-events-none opacity-60",
          )}
        >
          {busy === "upload" ? "Uploading…" : hasOwnCover ? "Replace your cover" : "Upload your cover"}
          <input
            id={inputId}
            type="file"
            accept={COVER_CONTENT_TYPES.join(",")}
            className="sr-only"
            disabled={busy !== null}
            aria-describedby={problem ? problemId : undefined}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file) void handleFile(file);
            }}
          />
        </label>
        {hasOwnCover ? (
          <Button variant="ghost" size="sm" loading={busy === "remove"} disabled={busy !== null} onClick={handleRemove}>
            Remove your cover
          </Button>
        ) : null}
        <CoverPicker book={book} />
      </div>
      <RejectCoverButton book={book} />
      <p className="text-xs text-ink-muted">JPEG, PNG, WebP, GIF or AVIF, up to 5 MB.</p>
      {problem ? (
        <p id={problemId} role="alert" className="text-sm font-medium text-danger">
          {problem}
        </p>
      ) : null}
      {!hasAnyCover && book.coverLookupStartedAt === undefined ? <FetchCoverButton bookId={book._id} size="sm" /> : null}
    </div>
  );
}
