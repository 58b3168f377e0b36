"use client";

import { useAuthActions } from "@convex-dev/auth/react";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { FormError, TextField } from "@/components/ui/Field";
import { Surface } from "@/components/ui/Surface";
import { MIN_PASSWORD_LENGTH } from "@/lib/account/passwordRules";
import { authErrorMessage, type PasswordFlow } from "./authErrorMessage";

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = MIN_PASSWORD_LENGTH;

/**
 * Password sign-in / sign-up (`signIn("password", formData)` with `flow`) and a guest session
 * (`signIn("anonymous")`). Redirecting after success is the page's job (RedirectWhenSignedIn).
 */
export function SignInForm({ initialFlow = "signIn" }: { initialFlow?: "signIn" | "signUp" } = {}) {
  const { signIn } = useAuthActions();
  const [flow, setFlow] = useState<PasswordFlow>(initialFlow);
  const [pending, setPending] = useState<"password" | "guest" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const id = useId();
  const errorId = `${id}-form-error`;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    const errors: typeof fieldErrors = {};
    if (!EMAIL_PATTERN.test(email)) errors.email = "Enter an email address like name@example.com";
    if (password === "") errors.password = "Enter your password";
    else if (flow === "signUp" && password.length < MIN_PASSWORD) {
      errors.password = `Use at least ${MIN_PASSWORD} characters`;
    }
    setFieldErrors(errors);
    setError(null);
    if (errors.email || errors.password) {
      const first = form.elements.namedItem(errors.email ? "email" : "password");
      if (first instanceof HTMLElement) first.focus();
      return;
    }
    data.set("email", email);
    data.set("flow", flow);
    setPending("password");
    try {
      await signIn("password", data);
    } catch (err) {
      setError(authErrorMessage(err, flow));
      setPending(null);
    }
  }

  async function continueAsGuest() {
    setError(null);
    setPending("guest");
    try {
      await signIn("anonymous");
    } catch (err) {
      setError(authErrorMessage(err, "anonymous"));
      setPending(null);
    }
  }

  const signingUp = flow === "signUp";

  return (
    <Surface padding="lg" className="w-full max-w-md">
      <h1 className="font-serif text-3xl">{signingUp ? "Create your library" : "Welcome back"}</h1>
      <p className="mt-2 text-sm text-ink-muted">
        {signingUp ? "An account keeps your books and covers wherever you sign in." : "Sign in to open your library."}
      </p>

      <form className="mt-6 space-y-4" noValidate onSubmit={handleSubmit} aria-describedby={error ? errorId : undefined}>
        <TextField
          id={`${id}-email`}
          name="email"
          type="email"
          label="Email"
          autoComplete="email"
          inputMode="email"
          required
          error={fieldErrors.email}
        />
        <TextField
          id={`${id}-password`}
          name="password"
          type="password"
          label="Password"
          autoComplete={signingUp ? "new-password" : "current-password"}
          required
          minLength={signingUp ? MIN_PASSWORD : undefined}
          hint={signingUp ? `At least ${MIN_PASSWORD} characters.` : undefined}
          error={fieldErrors.password}
        />
        <FormError id={errorId}>{error}</FormError>
        <Button type="submit" variant="primary" className="w-full" loading={pending === "password"} disabled={pending !== null}>
          {signingUp ? "Create account" : "Sign in"}
        </Button>
      </form>

      <p className="mt-4 text-center text-sm text-ink-muted">
        {signingUp ? "Already have an account?" : "New to Folio?"}{" "}
        <button
          type="button"
          className="font-medium text-accent underline underline-offset-2 hover:text-accent-hover"
          onClick={() => {
            setFlow(signingUp ? "signIn" : "signUp");
            setError(null);
            setFieldErrors({});
          }}
        >
          {signingUp ? "Sign in" : "Create an account"}
        </button>
      </p>

      <div className="my-6 flex items-center gap-3 text-xs text-ink-faint" aria-hidden="true">
        <span className="h-px flex-1 bg-line" />
        or
        <span className="h-px flex-1 bg-line" />
      </div>

      <Button
        variant="secondary"
        className="w-full"
        loading={pending === "guest"}
        disabled={pending !== null}
        onClick={continueAsGuest}
        aria-describedby={`${id}-guest-hint`}
      >
        Continue as guest
      </Button>
      <p id={`${id}-guest-hint`} className="mt-2 text-center text-xs text-ink-muted">
        Try Folio without an account. A guest library can&apos;t be recovered after you sign out.
      </p>
    </Surface>
  );
}
