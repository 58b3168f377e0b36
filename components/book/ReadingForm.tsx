"use client";

import { useMutation } from "convex/react";
import { useId, useState, type FormEvent } from "react";
import { api } from "@/convex/_generated/api";
import type { Doc } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/Button";
import { CheckboxField, FormError, TextField } from "@/components/ui/Field";
import { useToast } from "@/components/ui/Toast";
import { errorField, errorMessage } from "@/components/ui/errorMessage";
import { cleanShelfNames, validateReadingDetails, type ReadingField } from "@/lib/books/readingDetails";
import { checkMoods } from "@/lib/books/readerFields";
import { RatingInput } from "./RatingInput";
import { useUnsavedSection } from "./unsavedChanges";

interface ReadingValues {
  /** 0: not rated. */
  rating: number;
  /** As typed: shelves (and tags) separated by commas. */
  shelves: string;
  /** As typed: moods separated by commas. */
  moods: string;
  dateRead: string;
  dateAdded: string;
  owned: boolean;
}

type ReadingFormField = ReadingField | "moods";

function valuesFromBook(book: Doc<"books">): ReadingValues {
  return {
    rating: book.rating ?? 0,
    shelves: (book.shelves ?? []).join(", "),
    moods: (book.moods ?? []).join(", "),
    dateRead: book.dateRead ?? "",
    dateAdded: book.dateAdded ?? "",
    owned: book.owned === true,
  };
}

const shelvesOf = (typed: string) => cleanShelfNames(typed.split(","));
const moodsOf = (typed: string) => cleanShelfNames(typed.split(","));

/** Only what changed, as `books.update` takes it (`null` clears). */
function changes(values: ReadingValues, book: Doc<"books">) {
  const shelves = shelvesOf(values.shelves);
  const moods = moodsOf(values.moods);
  const rating = values.rating === 0 ? null : values.rating;
  return {
    ...((rating ?? undefined) !== book.rating ? { rating } : {}),
    ...(shelves.join("\n") !== (book.shelves ?? []).join("\n") ? { shelves } : {}),
    ...(moods.join("\n") !== (book.moods ?? []).join("\n") ? { moods: moods.length > 0 ? moods : null } : {}),
    ...(values.dateRead !== (book.dateRead ?? "") ? { dateRead: values.dateRead || null } : {}),
    ...(values.dateAdded !== (book.dateAdded ?? "") ? { dateAdded: values.dateAdded || null } : {}),
    ...(values.owned !== (book.owned === true) ? { owned: values.owned } : {}),
  };
}

/**
 * "Your reading": the rating (quarter stars), shelves and tags, moods, dates and whether the reader
 * owns a copy, saved together with what changed. The form holds only the reader's edits over the
 * book: a field they did not touch follows the book (the date read moves when "Reads" is saved).
 */
export function ReadingForm({ book }: { book: Doc<"books"> }) {
  const id = useId();
  const update = useMutation(api.books.update);
  const { toast } = useToast();
  const [edits, setEdits] = useState<Partial<ReadingValues>>({});
  const [errors, setErrors] = useState<Partial<Record<ReadingFormField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const values: ReadingValues = { ...valuesFromBook(book), ...edits };
  const patch = changes(values, book);
  const dirty = Object.keys(patch).length > 0;
  useUnsavedSection("Your reading", dirty);

  function invalid(field: ReadingFormField, message: string) {
    setErrors({ [field]: message });
    document.getElementById(`${id}-${field}`)?.focus();
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving || !dirty) return;
    setFormError(null);
    const checked = validateReadingDetails(patch);
    if (!checked.ok) return invalid(checked.error.field, checked.error.message);
    const moods = checkMoods(patch.moods ?? undefined);
    if (!moods.ok) return invalid("moods", moods.reason);
    setErrors({});
    setSaving(true);
    try {
      await update({ bookId: book._id, ...patch });
      setEdits({});
      toast({ title: "Saved", description: "Your reading details are up to date.", variant: "success" });
    } catch (err) {
      const field = errorField(err);
      if (field === "rating" || field === "shelves" || field === "dateRead" || field === "dateAdded" || field === "moods") {
        setErrors({ [field]: errorMessage(err) });
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  }

  const set = (change: Partial<ReadingValues>) => {
    setEdits((current) => ({ ...current, ...change }));
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
        hint="Shelves and tags, separated by commas."
        error={errors.shelves}
        autoComplete="off"
        onChange={(event) => set({ shelves: event.target.value })}
        disabled={saving}
      />
      <TextField
        id={`${id}-moods`}
        label="Moods"
        value={values.moods}
        hint="How the book felt, separated by commas."
        error={errors.moods}
        autoComplete="off"
        onChange={(event) => set({ moods: event.target.value })}
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
      <CheckboxField
        id={`${id}-owned`}
        label="I own a copy"
        checked={values.owned}
        onChange={(event) => set({ owned: event.target.checked })}
        disabled={saving}
      />
      <FormError>{formError}</FormError>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" loading={saving} disabled={!dirty}>
          Save
        </Button>
        {dirty && !saving ? (
          <Button
            variant="ghost"
            onClick={() => {
              setEdits({});
              setErrors({});
            }}
          >
            Discard changes
          </Button>
        ) : null}
      </div>
    </form>
  );
}
