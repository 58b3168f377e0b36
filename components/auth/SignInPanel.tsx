import Link from "next/link";
import { SignInForm } from "./SignInForm";

/** The /sign-in page body: wordmark and the sign-in form, centred; `/sign-in?mode=sign-up` opens on sign-up. */
export function SignInPanel({ initialFlow = "signIn" }: { initialFlow?: "signIn" | "signUp" }) {
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center gap-8 px-4 py-12">
      <Link href="/" className="font-serif text-2xl font-semibold tracking-tight text-ink">
        Folio
      </Link>
      <SignInForm initialFlow={initialFlow} />
    </main>
  );
}
