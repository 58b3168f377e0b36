"use client";

import { useMutation } from "convex/react";
import type { FunctionArgs } from "convex/server";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { cn } from "@/components/ui/cn";
import { errorField, errorMessage } from "@/components/ui/errorMessage";

/** What a section of the book page last did with the reader's edit. */
export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; message: string }
  | { kind: "failed"; message: string; field?: string };

export type SaveOutcome = { ok: true } | { ok: false; message: string; field?: string };

export type BookUpdate = Omit<FunctionArgs<typeof api.books.update>, "bookId">;

/**
 * Saves one section's changes through `books.update` and keeps the state its status line says.
 * `save` resolves `{ ok: true }` when the server took the change; a refusal (ConvexError with `field`) or a
 * failure is kept as `failed` with the server's message, which names the field and never the value.
 */
export function useSectionSave(bookId: Id<"books">) {
  const update = useMutation(api.books.update);
  const [state, setState] = useState<SaveState>({ kind: "idle" });

  async function save(changes: BookUpdate, savedMessage: string): Promise<SaveOutcome> {
    setState({ kind: "saving" });
    try {
      await update({ bookId, ...changes });
      setState({ kind: "saved", message: savedMessage });
      return { ok: true };
    } catch (err) {
      const failed = { kind: "failed" as const, message: errorMessage(err), field: errorField(err) };
      setState(failed);
      return { ok: false, message: failed.message, field: failed.field };
    }
  }

  return { state, setState, save, saving: state.kind === "saving" };
}

/**
 * A section's save status, announced by screen readers as it changes (`role="status"`, polite).
 * Always in the DOM, so the first message is announced too.
 */
export function SaveStatus({ state, unsaved, className }: { state: SaveState; unsaved?: boolean; className?: string }) {
  const text =
    state.kind === "saving"
      ? "Saving…"
      : state.kind === "failed"
        ? `Not saved: ${state.message}`
        : unsaved
          ? "Unsaved changes"
          : state.kind === "saved"
            ? state.message
            : "";
  return (
    <p
      role="status"
      aria-live="polite"
      className={cn("text-sm", state.kind === "failed" ? "font-medium text-danger" : "text-ink-muted", className)}
    >
      {text}
    </p>
  );
}
