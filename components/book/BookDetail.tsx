"use client";

import { useMutation, useQuery } from "convex/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Doc, Id } from "@/convex/_generated/dataModel";
import { FullPageStatus } from "@/components/providers/FullPageStatus";
import { Button, buttonClasses } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { Surface } from "@/components/ui/Surface";
import { useToast } from "@/components/ui/Toast";
import { errorMessage } from "@/components/ui/errorMessage";
import { BookCover } from "./BookCover";
import { BookEditForm } from "./BookEditForm";
import { BookFacts } from "./BookFacts";
import { ReadingForm } from "./ReadingForm";
import { ReadsSection } from "./ReadsSection";
import { UnsavedChangesGuard } from "./unsavedChanges";
import { WrittenTextSection } from "./WrittenTextSection";
import { useReportBrokenCover } from "@/components/covers/useReportBrokenCover";
import { CoverControls } from "./CoverControls";
import { RatingStars } from "./RatingStars";
import { statusLabel } from "./status";

/** Says, with a lock, who sees the private notes. */
function PrivateNote() {
  return (
    <p className="flex items-center gap-1.5 text-sm text-ink-muted">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0" fill="currentColor">
        <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z" />
      </svg>
      Private: only you can see these notes.
    </p>
  );
}

function BackLink() {
  return (
    <Link href="/library" className="inline-flex items-center gap-1 text-sm text-ink-muted hover:text-ink">
      <span aria-hidden="true">←</span> Library
    </Link>
  );
}

/** One book's page: cover (upload/remove/fetch), editable details, delete. */
export function BookDetail({ bookId }: { bookId: Id<"books"> }) {
  const book = useQuery(api.books.get, { bookId });
  const remove = useMutation(api.books.remove);
  const router = useRouter();
  const { toast } = useToast();
  const [deleted, setDeleted] = useState(false);

  if (deleted) return <FullPageStatus label="Book deleted. Back to your library…" />;
  if (book === undefined) return <FullPageStatus label="Loading book…" />;
  if (book === null) {
    return (
      <div className="space-y-4">
        <BackLink />
        <Surface padding="lg" className="max-w-xl">
          <h1 className="font-serif text-2xl">Book not found</h1>
          <p className="mt-2 text-ink-muted">It may have been deleted, or the link is wrong.</p>
          <Link href="/library" className={buttonClasses({ variant: "primary", className: "mt-6" })}>
            Back to your library
          </Link>
        </Surface>
      </div>
    );
  }

  async function handleDelete() {
    try {
      await remove({ bookId });
    } catch (err) {
      toast({ title: "Could not delete the book", description: errorMessage(err), variant: "error" });
      return;
    }
    setDeleted(true);
    toast({ title: "Book deleted", variant: "success" });
    router.replace("/library");
  }

  return (
    <UnsavedChangesGuard>
      <BookDetailView book={book} onDelete={handleDelete} />
    </UnsavedChangesGuard>
  );
}

/**
 * The book page for a loaded book (no data fetching): the cover column (cover and its controls),
 * then one section per concern in the main column: "Your reading" (rating, shelves and tags, moods,
 * dates, owned), what the reader wrote — "Your review" (with its spoiler flag), "Private notes",
 * "Reads" (every read's dates, the read count) —, "Details" (title, author, ISBN, status), "About
 * this book" (what the import kept), and delete. Each section saves on its own; an unsaved one is
 * reported to the page's `UnsavedChangesGuard`.
 */
export function BookDetailView({ book, onDelete }: { book: Doc<"books">; onDelete: () => Promise<void> }) {
  const reportBroken = useReportBrokenCover();
  return (
    <div className="space-y-6">
      <BackLink />
      <div className="grid gap-x-12 gap-y-8 md:grid-cols-[minmax(0,16rem)_minmax(0,1fr)] md:items-start">
        <header className="md:col-start-2 md:row-start-1">
          <h1 className="font-serif text-3xl leading-tight break-words sm:text-4xl">{book.title}</h1>
          {book.author ? <p className="mt-1 text-lg text-ink-muted">{book.author}</p> : null}
          <p className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-ink-muted">
            <span>{statusLabel(book.status)}</span>
            {book.rating ? <RatingStars rating={book.rating} className="text-base" /> : null}
          </p>
        </header>
        <section aria-labelledby="cover-heading" className="space-y-4 md:col-start-1 md:row-span-2 md:row-start-1">
          <h2 id="cover-heading" className="sr-only">
            Cover
          </h2>
          <BookCover
            book={book}
            lookingForCover={book.coverLookupStartedAt !== undefined}
            onFoundCoverBroken={(url) => reportBroken(book._id, url)}
            className="max-w-48 shadow-lifted ring-1 ring-black/5 md:max-w-64"
          />
          <CoverControls book={book} />
        </section>
        <div className="max-w-2xl min-w-0 space-y-8 md:col-start-2">
          <Surface>
            <section aria-labelledby="reading-heading">
              <h2 id="reading-heading" className="mb-4 font-serif text-xl">
                Your reading
              </h2>
              <ReadingForm key={book._id} book={book} />
            </section>
          </Surface>
          <WrittenTextSection
            key={`review-${book._id}`}
            book={book}
            field="review"
            heading="Your review"
            label="Review"
            empty="You have not written a review of this book."
            write="Write a review"
            edit="Edit review"
            wholeLabel="Show the whole review"
            savedMessage="Review saved."
          />
          <WrittenTextSection
            key={`notes-${book._id}`}
            book={book}
            field="privateNotes"
            heading="Private notes"
            intro={<PrivateNote />}
            label="Private notes"
            empty="No notes yet."
            write="Add notes"
            edit="Edit notes"
            wholeLabel="Show all the notes"
            savedMessage="Private notes saved."
          />
          <ReadsSection key={`reads-${book._id}`} book={book} />
          <Surface>
            <h2 className="mb-4 font-serif text-xl">Details</h2>
            <BookEditForm key={book._id} book={book} />
          </Surface>
          <Surface>
            <section aria-labelledby="facts-heading">
              <h2 id="facts-heading" className="mb-4 font-serif text-xl">
                About this book
              </h2>
              <BookFacts book={book} />
            </section>
          </Surface>
          <section aria-labelledby="delete-heading" className="rounded-xl border border-danger/30 p-5">
            <h2 id="delete-heading" className="font-serif text-xl">
              Delete this book
            </h2>
            <p className="mt-1 text-sm text-ink-muted">Removes it and your uploaded cover from your library.</p>
            <ConfirmDialog
              trigger={
                <Button variant="danger" size="sm" className="mt-4">
                  Delete book
                </Button>
              }
              title="Delete this book?"
              description="It will be removed from your library, with any cover you uploaded. This can't be undone."
              confirmLabel="Delete book"
              onConfirm={onDelete}
            />
          </section>
        </div>
      </div>
    </div>
  );
}
