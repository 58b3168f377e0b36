"use client";

import { useAuthActions } from "@convex-dev/auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { useToast } from "@/components/ui/Toast";

/** Signs out; the page's auth guard then sends the visitor to /sign-in. */
export function SignOutButton() {
  const { signOut } = useAuthActions();
  const { toast } = useToast();
  const [busy, setBusy] = useState(false);

  async function handleClick() {
    setBusy(true);
    try {
      await signOut();
    } catch {
      toast({ title: "Could not sign out", description: "Please try again.", variant: "error" });
      setBusy(false);
    }
  }

  return (
    <Button variant="ghost" size="sm" loading={busy} onClick={handleClick}>
      Sign out
    </Button>
  );
}
