"use client";

import { useAction, useMutation } from "convex/react";
import { useId, useRef, useState, type FormEvent, type ReactElement, type RefObject } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { Button, buttonClasses } from "@/components/ui/Button";
import { FieldShell, FormError } from "@/components/ui/Field";
import { Sheet } from "@/components/ui/Sheet";
import { useToast } from "@/components/ui/Toast";
import { errorField, errorMessage } from "@/components/ui/errorMessage";
import { COVER_CONTENT_TYPES } from "@/lib/books/coverFile";
import { BookFormFields } from "./BookFormFields";
import { EMPTY_BOOK_FORM, firstInvalidField, validateBookForm, type BookFormErrors, type BookFormValues } from "./bookForm";
import { CoverUploadError, coverFileProblem, uploadCoverFile } from "./uploadCover";

export interface AddBookSheetProps {
  /** Controlled open state (omit to let `trigger` open it). */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** An element (usually the "Add book" Button) that opens the sheet. */
  trigger?: ReactElement;
  /** Where focus goes on close if the element that opened the sheet is gone. */
  returnFocusRef?: RefObject<HTMLElement | null>;
  /** Called after the book is created, before the sheet finishes closing. */
  onCreated?: (bookId: Id<"books">, info: { hasCover: boolean }) => void;
}

const FORM_FIELDS = ["title", "author", "isbn"] as const;

/** "Add a book" side sheet: title, author, ISBN, status and an optional cover image. */
export function AddBookSheet({ open, onOpenChange, trigger, returnFocusRef, onCreated }: AddBookSheetProps) {
  const [uncontrolledOpen, setUncontrolledOpen] = useState(false);
  const isOpen = open ?? uncontrolledOpen;
  const [values, setValues] = useState<BookFormValues>(EMPTY_BOOK_FORM);
  const [errors, setErrors] = useState<BookFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [coverFile, setCoverFile] = useState<File | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  const formId = `${id}-form`;
  const coverInputId = `${id}-cover`;

  const createBook = useMutation(api.books.create);
  const generateUploadUrl = useMutation(api.books.generateUploadUrl);
  const checkCoverUpload = useAction(api.books.checkCoverUpload);
  const { toast } = useToast();

  function applyOpen(next: boolean) {
    if (open === undefined) setUncontrolledOpen(next);
    onOpenChange?.(next);
    if (!next) {
      // Typed text survives an accidental close; errors and the chosen file do not.
      setErrors({});
      setFormError(null);
      setCoverFile(null);
    }
  }

  /** Open/close requests from the reader (Escape, Close, Cancel) are ignored while saving. */
  function setOpen(next: boolean) {
    if (!next && submitting) return;
    applyOpen(next);
  }

  function focusField(field: string | undefined) {
    if (!field) return;
    formRef.current?.ownerDocument.getElementById(`${id}-${field}`)?.focus();
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    setFormError(null);
    const result = validateBookForm(values);
    const coverProblem = coverFile ? coverFileProblem(coverFile) : null;
    if (!result.ok || coverProblem) {
      const nextErrors = { ...(result.ok ? {} : result.errors), ...(coverProblem ? { cover: coverProblem } : {}) };
      setErrors(nextErrors);
      focusField(firstInvalidField(nextErrors));
      return;
    }
    setErrors({});
    setSubmitting(true);
    const { title, author, isbn, status } = result.value;
    try {
      const coverStorageId = coverFile ? await uploadCoverFile(coverFile, () => generateUploadUrl({})) : undefined;
      // The server checks the stored bytes before the book may use them (a refused file is deleted).
      if (coverStorageId !== undefined) await checkCoverUpload({ storageId: coverStorageId });
      const bookId = await createBook({
        title,
        author,
        status,
        ...(isbn !== undefined ? { isbn } : {}),
        ...(coverStorageId !== undefined ? { coverStorageId } : {}),
      });
      setSubmitting(false);
      setValues(EMPTY_BOOK_FORM);
      applyOpen(false);
      toast({ title: "Book added", description: title, variant: "success" });
      onCreated?.(bookId, { hasCover: coverStorageId !== undefined });
    } catch (err) {
      setSubmitting(false);
      const field = errorField(err);
      const message = err instanceof CoverUploadError ? err.message : errorMessage(err);
      if (field === "cover" || err instanceof CoverUploadError) {
        setErrors({ cover: message });
        focusField("cover");
      } else if (field && (FORM_FIELDS as readonly string[]).includes(field)) {
        setErrors({ [field]: message });
        focusField(field);
      } else {
        setFormError(message);
      }
    }
  }

  return (
    <Sheet
      open={isOpen}
      onOpenChange={setOpen}
      trigger={trigger}
      returnFocusRef={returnFocusRef}
      title="Add a book"
      description="Only the title is required. Folio looks for a cover when you don't add one."
      footer={
        <div className="flex justify-end gap-3">
          <Button variant="ghost" onClick={() => setOpen(false)} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" loading={submitting}>
            Add book
          </Button>
        </div>
      }
    >
      <form id={formId} ref={formRef} noValidate onSubmit={handleSubmit} className="space-y-4">
        <BookFormFields
          idPrefix={id}
          values={values}
          errors={errors}
          onChange={(next) => {
            setValues(next);
            // Clear a field's error as soon as it is edited.
            setErrors((current) => {
              const cleared = { ...current };
              for (const field of FORM_FIELDS) if (next[field] !== values[field]) delete cleared[field];
              return cleared;
            });
          }}
          disabled={submitting}
        />
        <FieldShell
          id={coverInputId}
          label="Cover image"
          optional
          error={errors.cover}
          hint="JPEG, PNG, WebP, GIF or AVIF, up to 5 MB."
        >
          {(control) => (
            <div className="flex min-w-0 items-center gap-3">
              {/* A real file input, drawn as the form's own button (the label below opens it). */}
              <input
                {...control}
                type="file"
                name="cover"
                accept={COVER_CONTENT_TYPES.join(",")}
                disabled={submitting}
                onChange={(e) => {
                  const file = e.target.files?.[0] ?? null;
                  setCoverFile(file);
                  const problem = file ? coverFileProblem(file) : null;
                  setErrors((current) => {
                    const { cover: _cover, ...rest } = current;
                    return problem ? { ...rest, cover: problem } : rest;
                  });
                }}
                className="peer sr-only"
              />
              <label
                htmlFor={control.id}
                aria-hidden="true"
                className={buttonClasses({
                  variant: "secondary",
                  size: "sm",
                  className:
                    "shrink-0 cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-focus peer-disabled:cursor-not-allowed peer-disabled:opacity-60",
                })}
              >
                {coverFile ? "Choose another image" : "Choose an image"}
              </label>
              <span aria-hidden="true" className="min-w-0 truncate text-sm text-ink-muted">
                {coverFile ? coverFile.name : "No image chosen"}
              </span>
            </div>
          )}
        </FieldShell>
        <FormError>{formError}</FormError>
      </form>
    </Sheet>
  );
}
