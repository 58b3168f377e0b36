import type { Doc } from "@/convex/_generated/dataModel";

const number = new Intl.NumberFormat("en");
const day = (ms: number) => new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });

/**
 * What Folio knows about the book beyond what the reader edits above, in display order: each entry
 * only when the book has it. Fields the schema gains (tags, series…) add a line here.
 */
export function bookFacts(book: Doc<"books">): { label: string; value: string }[] {
  const facts: { label: string; value: string | undefined }[] = [
    { label: "ISBN", value: book.isbn },
    { label: "Publisher", value: book.publisher },
    { label: "Pages", value: book.pages !== undefined ? number.format(book.pages) : undefined },
    { label: "Year published", value: book.yearPublished !== undefined ? String(book.yearPublished) : undefined },
    { label: "Goodreads id", value: book.goodreadsId },
    { label: "In Folio since", value: day(book.createdAt) },
  ];
  return facts.filter((fact): fact is { label: string; value: string } => fact.value !== undefined && fact.value !== "");
}

/** "About this book": the facts an import kept (publisher, pages, year, ids…), read-only. */
export function BookFacts({ book }: { book: Doc<"books"> }) {
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2 text-sm">
      {bookFacts(book).map((fact) => (
        <div key={fact.label} className="contents">
          <dt className="text-ink-muted">{fact.label}</dt>
          <dd className="break-words text-ink tabular-nums">{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
