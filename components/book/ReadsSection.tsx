"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { Doc } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/Button";
import { FormError, TextField } from "@/components/ui/Field";
import { Surface } from "@/components/ui/Surface";
import {
  readsValuesOf,
  sameReadsValues,
  validateReadsValues,
  type ReadDateField,
  type ReadsErrors,
  type ReadsValues,
} from "./readsForm";
import { SaveStatus, useSectionSave, type BookUpdate } from "./sectionSave";
import { useUnsavedSection } from "./unsavedChanges";

const NO_ERRORS: ReadsErrors = { reads: {} };
const SECTION = "Reads";

/**
 * "Reads": every read of the book with its start and end dates (add, change, remove), and the read
 * count. Native date inputs and plain buttons, so all of it works from the keyboard; each read is a
 * group named "Read 1", "Read 2"… Saved together through `books.update`; the server moves the date
 * read to the latest end date.
 */
export function ReadsSection({ book }: { book: Doc<"books"> }) {
  const id = useId();
  const saved = readsValuesOf(book);
  const [draft, setDraft] = useState<ReadsValues | null>(null);
  const [errors, setErrors] = useState<ReadsErrors>(NO_ERRORS);
  /** The element to focus once the next render is on screen (after adding or removing a read, or a refusal). */
  const focusTarget = useRef<string | null>(null);
  const setFocusTarget = (target: string) => {
    focusTarget.current = target;
  };
  const nextKey = useRef(1_000_000);
  const { state, setState, save, saving } = useSectionSave(book._id);
  const values = draft ?? saved;
  const unsaved = draft !== null && !sameReadsValues(draft, saved);
  useUnsavedSection(SECTION, unsaved);

  useEffect(() => {
    if (focusTarget.current === null) return;
    document.getElementById(focusTarget.current)?.focus();
    focusTarget.current = null;
  });

  const inputId = (key: number, field: ReadDateField) => `${id}-read-${key}-${field}`;

  function change(next: ReadsValues) {
    setDraft(next);
    setErrors(NO_ERRORS);
  }

  function addRead() {
    const key = nextKey.current++;
    change({ ...values, reads: [...values.reads, { key, started: "", finished: "" }] });
    setFocusTarget(inputId(key, "started"));
  }

  function removeRead(index: number) {
    const reads = values.reads.filter((_, i) => i !== index);
    change({ ...values, reads });
    // Focus stays in the list: the read that took this one's place, else the one before, else "Add a read".
    const neighbour = reads[index] ?? reads[index - 1];
    setFocusTarget(neighbour ? inputId(neighbour.key, "started") : `${id}-add`);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving || !unsaved || draft === null) return;
    const checked = validateReadsValues(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setState({ kind: "failed", message: "check the fields marked above." });
      const first = checked.firstInvalid;
      setFocusTarget(
        first === "list" ? `${id}-add` : first === "readCount" ? `${id}-readCount` : inputId(first.key, first.field),
      );
      return;
    }
    const savedReads = book.reads ?? [];
    const readsChanged = JSON.stringify(checked.reads) !== JSON.stringify(savedReads);
    const changes: BookUpdate = {
      ...(readsChanged ? { reads: checked.reads.length > 0 ? checked.reads : null } : {}),
      ...((checked.readCount ?? undefined) !== book.readCount ? { readCount: checked.readCount } : {}),
    };
    if (Object.keys(changes).length === 0) {
      setDraft(null);
      return;
    }
    const outcome = await save(changes, "Reads saved.");
    if (outcome.ok) setDraft(null);
    else if (outcome.field === "readCount") setErrors({ reads: {}, readCount: outcome.message });
  }

  return (
    <Surface>
      <section aria-labelledby={`${id}-heading`} className="space-y-4">
        <div className="space-y-1">
          <h2 id={`${id}-heading`} className="font-serif text-xl">
            {SECTION}
          </h2>
          <p className="text-sm text-ink-muted">
            Each time you read this book. The latest end date is the date read in “Your reading”.
          </p>
        </div>
        <form noValidate onSubmit={handleSubmit} aria-label={SECTION} className="space-y-4">
          {values.reads.length === 0 ? <p className="text-ink-muted">No reads recorded yet.</p> : null}
          {values.reads.length > 0 ? (
            <ol className="space-y-3">
              {values.reads.map((read, index) => {
                const n = index + 1;
                const readErrors = errors.reads[read.key] ?? {};
                const set = (field: ReadDateField, value: string) =>
                  change({ ...values, reads: values.reads.map((r) => (r.key === read.key ? { ...r, [field]: value } : r)) });
                return (
                  <li key={read.key}>
                    <fieldset className="rounded-lg border border-line p-3 sm:p-4">
                      <legend className="px-1 text-sm font-medium text-ink">Read {n}</legend>
                      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-start">
                        <TextField
                          id={inputId(read.key, "started")}
                          label="Started"
                          type="date"
                          value={read.started}
                          error={readErrors.started}
                          onChange={(event) => set("started", event.target.value)}
                          disabled={saving}
                        />
                        <TextField
                          id={inputId(read.key, "finished")}
                          label="Finished"
                          type="date"
                          value={read.finished}
                          error={readErrors.finished}
                          onChange={(event) => set("finished", event.target.value)}
                          disabled={saving}
                        />
                        <Button
                          variant="secondary"
                          size="sm"
                          className="justify-self-start sm:mt-7"
                          aria-label={`Remove read ${n}`}
                          onClick={() => removeRead(index)}
                          disabled={saving}
                        >
                          Remove
                        </Button>
                      </div>
                    </fieldset>
                  </li>
                );
              })}
            </ol>
          ) : null}
          <Button id={`${id}-add`} size="sm" onClick={addRead} disabled={saving}>
            Add a read
          </Button>
          <FormError>{errors.list}</FormError>
          <TextField
            id={`${id}-readCount`}
            label="Read count"
            optional
            inputMode="numeric"
            autoComplete="off"
            className="max-w-32"
            value={values.readCount}
            error={errors.readCount}
            hint="How many times you have read it, when that is more than the reads listed."
            onChange={(event) => change({ ...values, readCount: event.target.value })}
            disabled={saving}
          />
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <Button type="submit" variant="primary" loading={saving} disabled={!unsaved}>
              Save
            </Button>
            {unsaved && !saving ? (
              <Button
                variant="ghost"
                onClick={() => {
                  setDraft(null);
                  setErrors(NO_ERRORS);
                }}
              >
                Discard changes
              </Button>
            ) : null}
            <SaveStatus state={state} unsaved={unsaved} />
          </div>
        </form>
      </section>
    </Surface>
  );
}
