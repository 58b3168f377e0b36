"use client";

import { useMutation } from "convex/react";
import { useId, useRef, useState, type FormEvent } from "react";
import { api } from "@/convex/_generated/api";
import type { Doc } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/Button";
import { FormError } from "@/components/ui/Field";
import { useToast } from "@/components/ui/Toast";
import { errorField, errorMessage } from "@/components/ui/errorMessage";
import { BookFormFields } from "./BookFormFields";
import { firstInvalidField, validateBookForm, type BookFormErrors, type BookFormValues } from "./bookForm";

function valuesFromBook(book: Doc<"books">): BookFormValues {
  return { title: book.title, author: book.author, isbn: book.isbn ?? "", status: book.status };
}

function sameValues(a: BookFormValues, b: BookFormValues): boolean {
  return a.title === b.title && a.author === b.author && a.isbn === b.isbn && a.status === b.status;
}

/** Edits title, author, ISBN and status; saves only what changed. */
export function BookEditForm({ book }: { book: Doc<"books"> }) {
  const [values, setValues] = useState<BookFormValues>(() => valuesFromBook(book));
  const [errors, setErrors] = useState<BookFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  const update = useMutation(api.books.update);
  const { toast } = useToast();

  const saved = valuesFromBook(book);
  const dirty = !sameValues(values, saved);

  function focusField(field: string | undefined) {
    if (field) formRef.current?.ownerDocument.getElementById(`${id}-${field}`)?.focus();
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving || !dirty) return;
    setFormError(null);
    const result = validateBookForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      focusField(firstInvalidField(result.errors));
      return;
    }
    setErrors({});
    const next = result.value;
    const patch = {
      ...(next.title !== book.title ? { title: next.title } : {}),
      ...(next.author !== book.author ? { author: next.author } : {}),
      ...((next.isbn ?? null) !== (book.isbn ?? null) ? { isbn: next.isbn ?? null } : {}),
      ...(next.status !== book.status ? { status: next.status } : {}),
    };
    const normalised: BookFormValues = { title: next.title, author: next.author, isbn: next.isbn ?? "", status: next.status };
    if (Object.keys(patch).length === 0) {
      setValues(normalised);
      return;
    }
    setSaving(true);
    try {
      await update({ bookId: book._id, ...patch });
      setValues(normalised);
      toast({ title: "Changes saved", variant: "success" });
    } catch (err) {
      const field = errorField(err);
      if (field === "title" || field === "author" || field === "isbn") {
        setErrors({ [field]: errorMessage(err) });
        focusField(field);
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={formRef} noValidate onSubmit={handleSubmit} className="space-y-5" aria-label="Book details">
      <BookFormFields
        idPrefix={id}
        values={values}
        errors={errors}
        onChange={(next) => {
          setValues(next);
          setErrors({});
        }}
        disabled={saving}
      />
      <FormError>{formError}</FormError>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" loading={saving} disabled={!dirty}>
          Save changes
        </Button>
        {dirty && !saving ? (
          <Button
            variant="ghost"
            onClick={() => {
              setValues(saved);
              setErrors({});
              setFormError(null);
            }}
          >
            Discard changes
          </Button>
        ) : null}
      </div>
    </form>
  );
}
