import Link from "next/link";
import type { ReactNode } from "react";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { SignOutButton } from "@/components/auth/SignOutButton";
import { buttonClasses } from "@/components/ui/Button";

/** Signed-in frame for library pages: skip link, header with sign-out, and the auth guard. */
export function LibraryShell({ children }: { children: ReactNode }) {
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-[70] focus:rounded-lg focus:bg-paper-raised focus:px-4 focus:py-2 focus:shadow-lifted"
      >
        Skip to content
      </a>
      <header className="border-b border-line bg-paper/90 backdrop-blur supports-[backdrop-filter]:bg-paper/75">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between px-4 sm:px-6">
          <Link href="/library" className="font-serif text-xl font-semibold tracking-tight text-ink">
            Folio
          </Link>
          <RequireAuth fallback={null}>
            <nav aria-label="Account" className="flex items-center gap-1">
              <Link href="/settings" className={buttonClasses({ variant: "ghost", size: "sm" })}>
                Settings
              </Link>
              <SignOutButton />
            </nav>
          </RequireAuth>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
        <RequireAuth>{children}</RequireAuth>
      </main>
    </>
  );
}
