"use client";

import { useAction, useQuery } from "convex/react";
import { useId, useRef, useState, type FormEvent } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/Button";
import { FormError, TextField } from "@/components/ui/Field";
import { Surface } from "@/components/ui/Surface";
import { useToast } from "@/components/ui/Toast";
import { errorField, errorMessage } from "@/components/ui/errorMessage";
import { MIN_PASSWORD_LENGTH, newPasswordProblem } from "@/lib/account/passwordRules";

/** "Your account": the email the reader signs in with and a password change; for a guest, what a guest session means. */
export function AccountSection() {
  const account = useQuery(api.account.me);
  return (
    <Surface padding="lg">
      <section aria-labelledby="account-heading" className="space-y-4">
        <h2 id="account-heading" className="font-serif text-2xl">
          Your account
        </h2>
        {account === undefined ? (
          <p className="text-sm text-ink-muted">Loading…</p>
        ) : account.guest ? (
          <p className="text-sm text-ink-muted">
            You are using Folio as a guest. Your library is kept for this guest session only: it can&apos;t be recovered after you
            sign out, and there is no password to change.
          </p>
        ) : (
          <>
            <p className="text-sm text-ink-muted">
              Signed in as <strong className="font-medium break-all text-ink">{account.email}</strong>
            </p>
            {account.hasPassword ? <ChangePasswordForm /> : null}
          </>
        )}
      </section>
    </Surface>
  );
}

type Field = "currentPassword" | "newPassword";

function ChangePasswordForm() {
  const id = useId();
  const changePassword = useAction(api.account.changePassword);
  const { toast } = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ currentPassword: "", newPassword: "" });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const focus = (field: Field) => formRef.current?.querySelector<HTMLInputElement>(`#${CSS.escape(`${id}-${field}`)}`)?.focus();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const found: Partial<Record<Field, string>> = {};
    if (values.currentPassword === "") found.currentPassword = "Enter your current password";
    const problem = newPasswordProblem(values.newPassword, values.currentPassword || undefined);
    if (problem) found.newPassword = problem;
    setErrors(found);
    if (found.currentPassword || found.newPassword) {
      focus(found.currentPassword ? "currentPassword" : "newPassword");
      return;
    }
    setSaving(true);
    try {
      await changePassword(values);
      setValues({ currentPassword: "", newPassword: "" });
      toast({ title: "Password changed", description: "Your other devices were signed out.", variant: "success" });
    } catch (err) {
      const field = errorField(err);
      if (field === "currentPassword" || field === "newPassword") {
        setErrors({ [field]: errorMessage(err) });
        focus(field);
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  }

  const set = (field: Field, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  return (
    <form ref={formRef} noValidate onSubmit={handleSubmit} aria-label="Change your password" className="space-y-4">
      <h3 className="font-sans text-sm font-semibold text-ink">Change your password</h3>
      <TextField
        id={`${id}-currentPassword`}
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={values.currentPassword}
        error={errors.currentPassword}
        onChange={(event) => set("currentPassword", event.target.value)}
      />
      <TextField
        id={`${id}-newPassword`}
        label="New password"
        type="password"
        autoComplete="new-password"
        value={values.newPassword}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Your other devices will be signed out.`}
        error={errors.newPassword}
        onChange={(event) => set("newPassword", event.target.value)}
      />
      <FormError>{formError}</FormError>
      <Button type="submit" variant="secondary" loading={saving}>
        Change password
      </Button>
    </form>
  );
}
