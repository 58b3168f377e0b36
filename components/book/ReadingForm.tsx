"use client";

import { useMutation } from "convex/react";
import { useId, useState, type FormEvent } from "react";
import { api } from "@/convex/_generated/api";
import type { Doc } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/Button";
import { FormError, TextField } from "@/components/ui/Field";
import { useToast } from "@/components/ui/Toast";
import { errorField, errorMessage } from "@/components/ui/errorMessage";
import { cleanShelfNames, validateReadingDetails, type ReadingField } from "@/lib/books/readingDetails";
import { RatingInput } from "./RatingInput";

interface ReadingValues {
  /** 0: not rated. */
  rating: number;
  /** As typed: shelves separated by commas. */
  shelves: string;
  dateRead: string;
  dateAdded: string;
}

function valuesFromBook(book: Doc<"books">): ReadingValues {
  return {
    rating: book.rating ?? 0,
    shelves: (book.shelves ?? []).join(", "),
    dateRead: book.dateRead ?? "",
    dateAdded: book.dateAdded ?? "",
  };
}

const shelvesOf = (typed: string) => cleanShelfNames(typed.split(","));

/** Only what changed, as `books.update` takes it (`null` clears). */
function changes(values: ReadingValues, book: Doc<"books">) {
  const shelves = shelvesOf(values.shelves);
  const rating = values.rating === 0 ? null : values.rating;
  return {
    ...((rating ?? undefined) !== book.rating ? { rating } : {}),
    ...(shelves.join("\n") !== (book.shelves ?? []).join("\n") ? { shelves } : {}),
    ...(values.dateRead !== (book.dateRead ?? "") ? { dateRead: values.dateRead || null } : {}),
    ...(values.dateAdded !== (book.dateAdded ?? "") ? { dateAdded: values.dateAdded || null } : {}),
  };
}

/**
 * "Your reading": the rating (quarter stars), shelves and dates, saved together with what changed.
 * Reviews, notes and reads join this section as the schema gains them.
 */
export function ReadingForm({ book }: { book: Doc<"books"> }) {
  const id = useId();
  const update = useMutation(api.books.update);
  const { toast } = useToast();
  const [values, setValues] = useState<ReadingValues>(() => valuesFromBook(book));
  const [errors, setErrors] = useState<Partial<Record<ReadingField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const patch = changes(values, book);
  const dirty = Object.keys(patch).length > 0;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving || !dirty) return;
    setFormError(null);
    const checked = validateReadingDetails(patch);
    if (!checked.ok) {
      setErrors({ [checked.error.field]: checked.error.message });
      document.getElementById(`${id}-${checked.error.field}`)?.focus();
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      await update({ bookId: book._id, ...patch });
      setValues((current) => ({ ...current, shelves: shelvesOf(current.shelves).join(", ") }));
      toast({ title: "Saved", description: "Your reading details are up to date.", variant: "success" });
    } catch (err) {
      const field = errorField(err);
      if (field === "rating" || field === "shelves" || field === "dateRead" || field === "dateAdded") {
        setErrors({ [field]: errorMessage(err) });
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  }

  const set = (patch: Partial<ReadingValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    setErrors({});
  };

  return (
    <form noValidate onSubmit={handleSubmit} aria-label="Your reading" className="space-y-5">
      <RatingInput id={`${id}-rating`} value={values.rating} onChange={(rating) => set({ rating })} disabled={saving} />
      {errors.rating ? <p className="text-sm font-medium text-danger">{errors.rating}</p> : null}
      <TextField
        id={`${id}-shelves`}
        label="Shelves"
        value={values.shelves}
        hint="Separate shelves with commas."
        error={errors.shelves}
        autoComplete="off"
        onChange={(event) => set({ shelves: event.target.value })}
        disabled={saving}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id={`${id}-dateRead`}
          label="Date read"
          type="date"
          value={values.dateRead}
          error={errors.dateRead}
          onChange={(event) => set({ dateRead: event.target.value })}
          disabled={saving}
        />
        <TextField
          id={`${id}-dateAdded`}
          label="Date added"
          type="date"
          value={values.dateAdded}
          error={errors.dateAdded}
          hint="The wall's “Date added” order follows it."
          onChange={(event) => set({ dateAdded: event.target.value })}
          disabled={saving}
        />
      </div>
      <FormError>{formError}</FormError>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" loading={saving} disabled={!dirty}>
          Save
        </Button>
        {dirty && !saving ? (
          <Button variant="ghost" onClick={() => set(valuesFromBook(book))}>
            Discard changes
          </Button>
        ) : null}
      </div>
    </form>
  );
}
