"use client";

import { useId } from "react";
import { SelectField } from "@/components/ui/Field";
import {
  MAPPABLE_FIELD_LABELS,
  MAPPABLE_FIELDS,
  type ColumnMapping,
  type ColumnMappingOverride,
  type MappableField,
} from "@/lib/import";

export interface ColumnMappingEditorProps {
  /** The file's header cells, in file order. */
  headers: readonly string[];
  /** The mapping in use (field -> header name); a missing field is "Not in this file". */
  mapping: ColumnMapping;
  /** Called with a complete override (every field: a header name or null) when a select changes. */
  onChange: (override: ColumnMappingOverride) => void;
  disabled?: boolean;
  /** The file has no header row: the columns were guessed from their values. */
  headerless?: boolean;
}

const NONE = "";

/** For a generic CSV: one select per book field, listing the file's columns and "Not in this file". */
export function ColumnMappingEditor({ headers, mapping, onChange, disabled, headerless = false }: ColumnMappingEditorProps) {
  const id = useId();
  const options = [
    { value: NONE, label: "Not in this file" },
    ...headers.map((header, i) => ({ value: String(i), label: header === "" ? `Column ${i + 1} (no name)` : header })),
  ];

  function valueOf(field: MappableField): string {
    const name = mapping[field];
    if (name === undefined) return NONE;
    const i = headers.indexOf(name);
    return i < 0 ? NONE : String(i);
  }

  function change(field: MappableField, value: string) {
    const override: ColumnMappingOverride = {};
    for (const f of MAPPABLE_FIELDS) override[f] = mapping[f] ?? null;
    override[field] = value === NONE ? null : headers[Number(value)];
    onChange(override);
  }

  return (
    <fieldset className="rounded-xl border border-line bg-paper-raised p-5">
      <legend className="px-1 font-medium text-ink">Columns</legend>
      <p className="mb-4 text-sm text-ink-muted">
        {headerless
          ? "Folio guessed which column holds what from the values in each column."
          : "Folio guessed which column holds what from the header row."}{" "}
        If a guess is wrong, pick the right column: the preview updates at once.
      </p>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {MAPPABLE_FIELDS.map((field) => (
          <SelectField
            key={field}
            id={`${id}-${field}`}
            label={MAPPABLE_FIELD_LABELS[field]}
            hint={field === "title" ? "Required" : undefined}
            options={options}
            value={valueOf(field)}
            disabled={disabled}
            onChange={(event) => change(field, event.currentTarget.value)}
          />
        ))}
      </div>
    </fieldset>
  );
}
