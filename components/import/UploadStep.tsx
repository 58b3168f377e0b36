"use client";

import { useEffect, useId, useRef, useState, type DragEvent, type Ref } from "react";
import { buttonClasses } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/Spinner";
import { IMPORT_LIMITS } from "@/lib/import";

export interface UploadStepProps {
  /** Called with the chosen or dropped file. */
  onFile: (file: File) => void;
  /** True while a file is being read and checked. */
  busy: boolean;
  /** A whole-file problem with the last file (shown with role="alert"); the reader can pick another file. */
  error: string | null;
  /** The step heading, focused when the flow comes back to this step. */
  headingRef?: Ref<HTMLHeadingElement>;
}

const ACCEPT = IMPORT_LIMITS.extensions.join(",");

/** Step 1: a drop zone and a real, keyboard-operable file input. */
export function UploadStep({ onFile, busy, error, headingRef }: UploadStepProps) {
  const id = useId();
  const inputId = `${id}-file`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [dragging, setDragging] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  // A problem with the chosen file is said where the file was chosen, and focus moves to it, so
  // choosing a bad file never looks like nothing happened (on a phone the rest is below the fold).
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  function onDragOver(event: DragEvent<HTMLDivElement>) {
    if (!Array.from(event.dataTransfer.types).includes("Files")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = busy ? "none" : "copy";
    setDragging(true);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !busy) onFile(file);
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-5">
      <div>
        <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="font-serif text-2xl focus:outline-none">
          Upload your library
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-ink-muted">
          A Goodreads, StoryGraph, LibraryThing, Calibre, BookWyrm, Libib or Hardcover export, a Folio export, any spreadsheet
          saved as CSV, or a .txt or .md list with one book per line (“Title by Author”). Nothing is saved until you confirm the
          preview.
        </p>
      </div>

      <div
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
        data-dragging={dragging || undefined}
        className={cn(
          "flex flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed px-6 py-12 text-center transition-colors",
          dragging ? "border-accent bg-accent-soft" : "border-line-strong bg-paper-raised",
        )}
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 48 48"
          className="size-12 text-ink-faint"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M14 6h14l10 10v26H14z" strokeLinejoin="round" />
          <path d="M28 6v10h10M26 36V22m-6 6 6-6 6 6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <p className="text-ink">{dragging ? "Drop the file to read it" : "Drag and drop your file here, or"}</p>
        <input
          id={inputId}
          type="file"
          accept={ACCEPT}
          disabled={busy}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          aria-invalid={error ? true : undefined}
          className="peer sr-only"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            // Cleared so that choosing the same file again (after fixing it) is a change too.
            event.currentTarget.value = "";
            if (file) onFile(file);
          }}
        />
        <label
          htmlFor={inputId}
          className={buttonClasses({
            variant: "primary",
            className:
              "cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-focus peer-disabled:cursor-not-allowed peer-disabled:opacity-60",
          })}
        >
          Choose a file
        </label>
        {error ? (
          <div
            id={errorId}
            ref={errorRef}
            role="alert"
            tabIndex={-1}
            className="w-full max-w-xl rounded-lg border border-danger/40 bg-danger-soft px-4 py-3 text-left text-sm text-danger focus:outline-2 focus:outline-offset-2 focus:outline-focus"
          >
            <p className="font-medium">{error}</p>
            <p className="mt-1 text-ink-muted">Choose another file to try again.</p>
          </div>
        ) : null}
        <p id={hintId} className="text-xs text-ink-muted">
          .csv, .tsv, .txt, .md or .json · up to 5 MB and {IMPORT_LIMITS.maxRows.toLocaleString("en-US")} books
        </p>
      </div>

      <div role="status" className="min-h-5 text-sm text-ink-muted">
        {busy ? (
          <span className="inline-flex items-center gap-2">
            <Spinner />
            Reading the file and checking it against your library…
          </span>
        ) : null}
      </div>
    </section>
  );
}
