import type { Metadata } from "next";
import { RedirectWhenSignedIn } from "@/components/auth/RedirectWhenSignedIn";
import { SignInPanel } from "@/components/auth/SignInPanel";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <RedirectWhenSignedIn>
      <SignInPanel />
    </RedirectWhenSignedIn>
  );
}
