import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/Button";
import { Surface } from "@/components/ui/Surface";

/** Shown by the library routes' error boundary (e.g. a malformed book link or a lost connection). */
export function LibraryError({ onRetry }: { onRetry: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <Surface padding="lg">
        <h1 className="font-serif text-2xl">This page couldn&apos;t be loaded</h1>
        <p className="mt-2 text-ink-muted">The link may be wrong, or the connection dropped. Try again in a moment.</p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Button variant="primary" onClick={onRetry}>
            Try again
          </Button>
          <Link href="/library" className={buttonClasses({ variant: "secondary" })}>
            Back to your library
          </Link>
        </div>
      </Surface>
    </main>
  );
}
