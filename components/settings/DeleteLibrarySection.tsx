"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQuery } from "convex/react";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { errorMessage } from "@/components/ui/errorMessage";
import { TextField } from "@/components/ui/Field";
import { Spinner } from "@/components/ui/Spinner";
import { Surface } from "@/components/ui/Surface";
import { api } from "@/convex/_generated/api";
import { DELETE_CONFIRMATION } from "@/lib/books/libraryDeletion";

const number = new Intl.NumberFormat("en");

function books(n: number): string {
  return n === 1 ? "1 book" : `${number.format(n)} books`;
}

/** The deletion under way: a progress bar and a live count. */
function DeletionProgress({ deleted, total }: { deleted: number; total: number }) {
  const shown = Math.min(deleted, total);
  return (
    <div className="space-y-2">
      <ProgressBar
        label="Deleting your books"
        value={shown}
        max={total}
        valueText={`${number.format(shown)} of ${books(total)} deleted`}
        tone="danger"
      />
      <p role="status" className="flex items-center gap-2 text-sm text-ink-muted">
        <Spinner />
        <span>
          Deleting your books: {number.format(shown)} of {books(total)} deleted…
        </span>
      </p>
    </div>
  );
}

/**
 * "Delete all my books": a typed confirmation, then a server-side deletion in chunks whose progress
 * shows here live (it goes on if the page is closed).
 */
export function DeleteLibrarySection() {
  const id = useId();
  const counts = useQuery(api.library.counts);
  const deletion = useQuery(api.library.deletion);
  const deleteAllBooks = useMutation(api.library.deleteAllBooks);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [startedHere, setStartedHere] = useState(false);

  const running = deletion?.state === "running";
  const total = counts?.total;
  const confirmed = typed === DELETE_CONFIRMATION;

  function openChange(next: boolean) {
    if (busy) return;
    setOpen(next);
    if (!next) {
      setTyped("");
      setError(null);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (!confirmed) return;
    setBusy(true);
    setError(null);
    try {
      await deleteAllBooks({ confirmation: typed });
      setStartedHere(true);
      setOpen(false);
      setTyped("");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Surface padding="lg">
      <section aria-labelledby={`${id}-heading`} className="space-y-4">
        <h2 id={`${id}-heading`} className="font-serif text-2xl">
          Delete all my books
        </h2>
        <p className="text-ink-muted">
          Removes every book in your library{total !== undefined ? ` (${books(total)})` : ""}, with the covers you uploaded, so
          you can start again, for example before importing your library afresh. This cannot be undone. Until it has finished,
          Folio adds no books: imports and new books wait for it.
        </p>
        {running ? (
          <DeletionProgress deleted={deletion.deleted} total={deletion.total} />
        ) : startedHere && deletion?.state === "done" ? (
          <p role="status" className="font-medium text-success">
            All your books were deleted ({books(deletion.deleted)}).{" "}
            <Link href="/library" className="underline underline-offset-2">
              Back to your library
            </Link>
          </p>
        ) : null}
        <Dialog.Root open={open} onOpenChange={openChange}>
          <Dialog.Trigger asChild>
            <Button variant="danger" disabled={running || total === undefined || total === 0}>
              Delete all my books…
            </Button>
          </Dialog.Trigger>
          <Dialog.Portal>
            <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40 data-[state=closed]:animate-fade-out data-[state=open]:animate-fade-in" />
            <Dialog.Content
              role="alertdialog"
              className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl border border-line bg-paper-raised p-6 text-ink shadow-lifted data-[state=open]:animate-fade-in"
            >
              <Dialog.Title className="font-serif text-xl">Delete all your books?</Dialog.Title>
              <Dialog.Description className="mt-2 text-sm text-ink-muted">
                {total !== undefined ? `All ${books(total)}` : "Every book"} and the covers you uploaded will be deleted. This
                cannot be undone.
              </Dialog.Description>
              <form onSubmit={confirm} className="mt-5 space-y-5">
                <TextField
                  id={`${id}-confirm`}
                  label={`Type ${DELETE_CONFIRMATION} to confirm`}
                  value={typed}
                  autoComplete="off"
                  spellCheck={false}
                  error={error}
                  onChange={(event) => setTyped(event.target.value)}
                />
                <div className="flex justify-end gap-3">
                  <Dialog.Close asChild>
                    <Button variant="secondary" disabled={busy}>
                      Cancel
                    </Button>
                  </Dialog.Close>
                  <Button type="submit" variant="danger" loading={busy} disabled={!confirmed}>
                    Delete all books
                  </Button>
                </div>
              </form>
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
      </section>
    </Surface>
  );
}
