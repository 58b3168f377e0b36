"use client";

import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { Doc } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/Button";
import { CheckboxField, TextAreaField } from "@/components/ui/Field";
import { Surface } from "@/components/ui/Surface";
import { checkPrivateNotes, checkReview, READER_FIELD_LIMITS } from "@/lib/books/readerFields";
import { SaveStatus, useSectionSave, type BookUpdate } from "./sectionSave";
import { useUnsavedSection } from "./unsavedChanges";

/** Text longer than this shows as an excerpt until the reader asks for the whole of it. */
export const EXCERPT_LENGTH = 1_200;

const number = new Intl.NumberFormat("en");

/** The first `EXCERPT_LENGTH` characters, cut at a space when there is one near the end. */
export function excerptOf(text: string): string {
  const cut = text.slice(0, EXCERPT_LENGTH);
  const space = cut.search(/\s\S*$/);
  return `${space > EXCERPT_LENGTH * 0.8 ? cut.slice(0, space) : cut}…`;
}

/**
 * What the reader wrote, as text: never parsed as HTML (React writes it as a text node), line breaks
 * kept (`pre-wrap`), any long word or address wrapped rather than scrolled sideways. A long text shows
 * an excerpt and a button that reveals the rest.
 */
function WrittenText({ text, wholeLabel }: { text: string; wholeLabel: string }) {
  const id = useId();
  const [whole, setWhole] = useState(false);
  const long = text.length > EXCERPT_LENGTH;
  return (
    <div className="space-y-2">
      <div id={id} className="text-base leading-relaxed whitespace-pre-wrap text-ink [overflow-wrap:anywhere]">
        {long && !whole ? excerptOf(text) : text}
      </div>
      {long ? (
        <Button variant="ghost" size="sm" aria-expanded={whole} aria-controls={id} onClick={() => setWhole(!whole)}>
          {whole ? "Show less" : wholeLabel}
        </Button>
      ) : null}
    </div>
  );
}

interface WrittenTextSectionProps {
  book: Doc<"books">;
  field: "review" | "privateNotes";
  heading: string;
  /** Said under the heading (private notes say who sees them). */
  intro?: ReactNode;
  /** Shown when there is nothing written yet. */
  empty: string;
  /** The textarea's label, and the name errors and the status use. */
  label: string;
  /** Button labels: to start writing, and to edit what is there. */
  write: string;
  edit: string;
  /** "Show the whole review". */
  wholeLabel: string;
  savedMessage: string;
}

interface Draft {
  text: string;
  spoiler: boolean;
}

const LIMITS = { review: READER_FIELD_LIMITS.reviewMaxLength, privateNotes: READER_FIELD_LIMITS.privateNotesMaxLength };
const CHECKS = { review: checkReview, privateNotes: checkPrivateNotes };

/**
 * A section of the book page for long text the reader wrote: the review (with its spoiler flag) or
 * the private notes. Shown as text; "Edit" opens a plain textarea, saved through `books.update`
 * (blank clears it), with an announced status. An open edit that differs from what is saved is
 * reported to the page's unsaved-changes guard.
 */
export function WrittenTextSection(props: WrittenTextSectionProps) {
  const { book, field, heading, intro, empty, label } = props;
  const id = useId();
  const editButton = useRef<HTMLButtonElement>(null);
  /** Where focus goes once the next render is on screen: the textarea on opening, the button on closing. */
  const focusNext = useRef<"editor" | "button" | null>(null);
  useEffect(() => {
    if (focusNext.current === "editor") document.getElementById(`${id}-text`)?.focus();
    if (focusNext.current === "button") editButton.current?.focus();
    focusNext.current = null;
  });
  const saved: Draft = { text: book[field] ?? "", spoiler: book.reviewSpoiler === true };
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { state, setState, save, saving } = useSectionSave(book._id);
  const withSpoiler = field === "review";
  const unsaved = draft !== null && (draft.text !== saved.text || (withSpoiler && draft.spoiler !== saved.spoiler));
  useUnsavedSection(heading, unsaved);

  function close() {
    setDraft(null);
    setError(null);
    focusNext.current = "button";
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (draft === null || saving) return;
    if (!unsaved) return close();
    const checked = CHECKS[field](draft.text);
    if (!checked.ok) {
      setError(checked.reason);
      setState({ kind: "failed", message: `check ${label}.`, field });
      document.getElementById(`${id}-text`)?.focus();
      return;
    }
    const text = checked.value ?? null;
    const changes: BookUpdate = {
      ...(draft.text !== saved.text ? { [field]: text } : {}),
      ...(withSpoiler && (draft.spoiler && text !== null) !== saved.spoiler
        ? { reviewSpoiler: draft.spoiler && text !== null ? true : null }
        : {}),
    };
    const outcome = await save(changes, props.savedMessage);
    if (outcome.ok) close();
    else if (outcome.field === field) setError(outcome.message);
  }

  const text = book[field];
  const length = draft ? [...draft.text].length : 0;
  return (
    <Surface>
      <section aria-labelledby={`${id}-heading`} className="space-y-4">
        <div className="space-y-1">
          <h2 id={`${id}-heading`} className="font-serif text-xl">
            {heading}
          </h2>
          {intro}
        </div>
        {draft === null ? (
          <>
            {withSpoiler && book.reviewSpoiler && text ? (
              <p className="inline-flex rounded-full border border-line-strong px-2.5 py-0.5 text-xs font-medium text-ink-muted">
                Contains spoilers
              </p>
            ) : null}
            {text ? <WrittenText text={text} wholeLabel={props.wholeLabel} /> : <p className="text-ink-muted">{empty}</p>}
          </>
        ) : (
          <form
            id={`${id}-form`}
            noValidate
            onSubmit={handleSubmit}
            aria-label={`Editing ${heading.charAt(0).toLowerCase()}${heading.slice(1)}`}
            className="space-y-4"
          >
            <TextAreaField
              id={`${id}-text`}
              label={label}
              value={draft.text}
              rows={10}
              error={error}
              hint={`${number.format(length)} of ${number.format(LIMITS[field])} characters. Plain text: line breaks are kept.`}
              onChange={(event) => {
                setDraft({ ...draft, text: event.target.value });
                setError(null);
              }}
              disabled={saving}
            />
            {withSpoiler ? (
              <CheckboxField
                id={`${id}-spoiler`}
                label="Contains spoilers"
                hint="The review gives away the plot."
                checked={draft.spoiler}
                onChange={(event) => setDraft({ ...draft, spoiler: event.target.checked })}
                disabled={saving}
              />
            ) : null}
          </form>
        )}
        {/* One row for both modes, so the status line stays the same live region when the editor closes. */}
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          {draft === null ? (
            <Button
              ref={editButton}
              size="sm"
              onClick={() => {
                setDraft({ text: saved.text, spoiler: saved.spoiler });
                focusNext.current = "editor";
              }}
            >
              {text ? props.edit : props.write}
            </Button>
          ) : (
            <>
              <Button type="submit" form={`${id}-form`} variant="primary" loading={saving}>
                Save
              </Button>
              <Button variant="ghost" onClick={close} disabled={saving}>
                {unsaved ? "Discard changes" : "Cancel"}
              </Button>
            </>
          )}
          <SaveStatus state={state} unsaved={unsaved} />
        </div>
      </section>
    </Surface>
  );
}
