"use client";

import { useAction, useMutation } from "convex/react";
import { useId, useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { buttonClasses } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { useToast } from "@/components/ui/Toast";
import { errorMessage } from "@/components/ui/errorMessage";
import { COVER_CONTENT_TYPES } from "@/lib/books/coverFile";
import { CoverUploadError, coverFileProblem, uploadCoverFile } from "./uploadCover";

export interface CoverUploadButtonProps {
  bookId: Id<"books">;
  /** The book has its own cover already: "Replace your cover". */
  replacing?: boolean;
  /** Called once the upload is the book's cover. */
  onUploaded?: () => void;
  disabled?: boolean;
}

/**
 * "Upload your cover" / "Replace your cover": a real file input visually replaced by a button-styled
 * label (still keyboard focusable), the upload (`generateUploadUrl`, then `setCover`, which checks
 * the bytes), and the problem with a refused file right under it.
 */
export function CoverUploadButton({ bookId, replacing = false, onUploaded, disabled = false }: CoverUploadButtonProps) {
  const generateUploadUrl = useMutation(api.books.generateUploadUrl);
  const setCover = useAction(api.books.setCover);
  const { toast } = useToast();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const problemId = `${inputId}-problem`;
  const label = replacing ? "Replace your cover" : "Upload your cover";

  async function handleFile(file: File) {
    const pre = coverFileProblem(file);
    setProblem(pre);
    if (pre) return;
    setBusy(true);
    try {
      const storageId = await uploadCoverFile(file, () => generateUploadUrl({}));
      await setCover({ bookId, storageId });
      toast({ title: replacing ? "Cover replaced" : "Cover added", variant: "success" });
      onUploaded?.();
    } catch (err) {
      setProblem(err instanceof CoverUploadError ? err.message : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="contents">
      <label
        htmlFor={inputId}
        aria-busy={busy || undefined}
        className={cn(
          buttonClasses({ variant: "secondary", size: "sm" }),
          "cursor-pointer has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-focus",
          (busy || disabled) && "pointer-events-none opacity-60",
        )}
      >
        {busy ? "Uploading…" : label}
        <input
          id={inputId}
          type="file"
          aria-label={label}
          accept={COVER_CONTENT_TYPES.join(",")}
          className="sr-only"
          disabled={busy || disabled}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void handleFile(file);
          }}
        />
      </label>
      {problem ? (
        <p id={problemId} role="alert" className="basis-full text-sm font-medium text-danger">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
