import type { Metadata } from "next";
import { RedirectWhenSignedIn } from "@/components/auth/RedirectWhenSignedIn";
import { SignInPanel } from "@/components/auth/SignInPanel";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const signUp = (await searchParams).mode === "sign-up";
  return (
    <RedirectWhenSignedIn>
      <SignInPanel key={signUp ? "sign-up" : "sign-in"} initialFlow={signUp ? "signUp" : "signIn"} />
    </RedirectWhenSignedIn>
  );
}
