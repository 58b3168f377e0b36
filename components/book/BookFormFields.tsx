"use client";

import { SelectField, TextField } from "@/components/ui/Field";
import type { BookFormErrors, BookFormValues } from "./bookForm";
import { BOOK_STATUS_OPTIONS, isBookStatus } from "./status";
import { AUTHOR_MAX_LENGTH, TITLE_MAX_LENGTH } from "@/lib/books/validateBook";

export interface BookFormFieldsProps {
  /** Prefix for element ids; the title input is `${idPrefix}-title`, etc. */
  idPrefix: string;
  values: BookFormValues;
  errors: BookFormErrors;
  onChange: (values: BookFormValues) => void;
  disabled?: boolean;
}

/** Title, author, ISBN and status inputs with inline errors; shared by the add sheet and the book page. */
export function BookFormFields({ idPrefix, values, errors, onChange, disabled }: BookFormFieldsProps) {
  return (
    <div className="space-y-4">
      <TextField
        id={`${idPrefix}-title`}
        name="title"
        label="Title"
        value={values.title}
        onChange={(e) => onChange({ ...values, title: e.target.value })}
        error={errors.title}
        required
        aria-required="true"
        maxLength={TITLE_MAX_LENGTH * 2}
        autoComplete="off"
        disabled={disabled}
      />
      <TextField
        id={`${idPrefix}-author`}
        name="author"
        label="Author"
        value={values.author}
        onChange={(e) => onChange({ ...values, author: e.target.value })}
        error={errors.author}
        maxLength={AUTHOR_MAX_LENGTH * 2}
        autoComplete="off"
        disabled={disabled}
      />
      <TextField
        id={`${idPrefix}-isbn`}
        name="isbn"
        label="ISBN"
        optional
        value={values.isbn}
        onChange={(e) => onChange({ ...values, isbn: e.target.value })}
        error={errors.isbn}
        hint="ISBN-10 or ISBN-13; hyphens and spaces are fine."
        inputMode="text"
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
      />
      <SelectField
        id={`${idPrefix}-status`}
        name="status"
        label="Status"
        value={values.status}
        options={BOOK_STATUS_OPTIONS}
        onChange={(e) => {
          if (isBookStatus(e.target.value)) onChange({ ...values, status: e.target.value });
        }}
        disabled={disabled}
      />
    </div>
  );
}
