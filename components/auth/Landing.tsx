import Link from "next/link";
import { buttonClasses } from "@/components/ui/Button";

const SPINES = [
  { color: "#6e2a2a", h: "h-40" },
  { color: "#24483a", h: "h-44" },
  { color: "#c08a2e", h: "h-36" },
  { color: "#1f3350", h: "h-48" },
  { color: "#8a3f1c", h: "h-40" },
  { color: "#4f2a4a", h: "h-44" },
  { color: "#8aa386", h: "h-36" },
];

/** The signed-out home page: what Folio is and a way in. */
export function Landing() {
  return (
    <main
      id="main"
      className="mx-auto flex min-h-dvh max-w-5xl flex-col justify-center gap-12 px-6 py-16 md:flex-row md:items-center"
    >
      <div className="max-w-xl">
        <p className="font-serif text-lg text-accent">Folio</p>
        <h1 className="mt-3 font-serif text-4xl leading-tight md:text-5xl">Your reading life, as a wall of covers.</h1>
        <p className="mt-5 text-lg text-ink-muted">
          Bring in your Goodreads or CSV library, or add books by hand. Folio finds the covers for you, and never replaces one you
          chose.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link href="/sign-in?mode=sign-up" className={buttonClasses({ variant: "primary", size: "lg" })}>
            Create an account
          </Link>
          <Link href="/sign-in" className={buttonClasses({ variant: "secondary", size: "lg" })}>
            Sign in
          </Link>
        </div>
      </div>
      <div aria-hidden="true" className="flex items-end gap-1.5 self-center md:ml-auto">
        {SPINES.map((spine, i) => (
          <span
            key={i}
            className={`${spine.h} w-8 rounded-sm shadow-card ring-1 ring-black/10`}
            style={{ backgroundColor: spine.color }}
          />
        ))}
      </div>
    </main>
  );
}
