import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/Button";
import { Surface } from "@/components/ui/Surface";

const SHELF = ["#6e2a2a", "#24483a", "#c08a2e", "#1f3350", "#4f2a4a"];

/** An inviting first screen for an empty library: add one book or bring a whole library. */
export function LibraryEmptyState({ onAddBook }: { onAddBook: () => void }) {
  return (
    <Surface padding="lg" className="mx-auto mt-6 flex max-w-2xl flex-col items-center text-center">
      <div aria-hidden="true" className="flex items-end gap-1">
        {SHELF.map((color, i) => (
          <span
            key={color}
            className="w-6 rounded-sm ring-1 ring-black/10"
            style={{ backgroundColor: color, height: `${4 + ((i * 7) % 5) * 0.4}rem`, opacity: 0.9 }}
          />
        ))}
      </div>
      <h2 className="mt-6 font-serif text-2xl">Your shelves are waiting</h2>
      <p className="mt-2 max-w-md text-ink-muted">
        Add the book you&apos;re reading now, or bring your whole library from Goodreads or a spreadsheet. Folio finds the covers.
      </p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Button variant="primary" onClick={onAddBook}>
          Add a book
        </Button>
        <Link href="/import" className={buttonClasses({ variant: "secondary" })}>
          Import a library
        </Link>
      </div>
    </Surface>
  );
}
