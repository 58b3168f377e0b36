import type { ComponentPropsWithRef, ReactNode } from "react";
import { cn } from "./cn";

const controlBase =
  "block w-full rounded-lg border bg-paper px-3 text-ink placeholder:text-ink-faint shadow-inner shadow-black/[0.02] " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus disabled:opacity-60 " +
  "aria-invalid:border-danger";

interface FieldShellProps {
  id: string;
  label: ReactNode;
  /** Inline validation message; sets aria-invalid and is linked with aria-describedby. */
  error?: string | null;
  hint?: ReactNode;
  optional?: boolean;
  children: (control: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}

/**
 * Label, control, hint and error, wired together for assistive tech. An error takes the hint's
 * place (it says what the hint said, and more), so the two never repeat each other.
 */
export function FieldShell({ id, label, error, hint: givenHint, optional, children }: FieldShellProps) {
  const hint = error ? undefined : givenHint;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
        {optional ? <span className="ml-1.5 font-normal text-ink-faint">(optional)</span> : null}
      </label>
      {children({ id, ...(error ? { "aria-invalid": true as const } : {}), "aria-describedby": describedBy })}
      {hint ? (
        <p id={hintId} className="text-xs text-ink-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="flex items-center gap-1.5 text-sm font-medium text-danger">
          <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0" fill="currentColor">
            <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm-.75 3.5h1.5v4.5h-1.5V4.5Zm0 6h1.5V12h-1.5v-1.5Z" />
          </svg>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface TextFieldProps extends Omit<ComponentPropsWithRef<"input">, "id"> {
  id: string;
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  optional?: boolean;
}

export function TextField({ id, label, error, hint, optional, className, ...props }: TextFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} optional={optional}>
      {(control) => <input {...props} {...control} className={cn(controlBase, "h-10 border-line-strong", className)} />}
    </FieldShell>
  );
}

interface SelectFieldProps extends Omit<ComponentPropsWithRef<"select">, "id"> {
  id: string;
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  options: readonly { value: string; label: string }[];
}

export function SelectField({ id, label, error, hint, options, className, ...props }: SelectFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      {(control) => (
        <select {...props} {...control} className={cn(controlBase, "h-10 border-line-strong pr-8", className)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** A form-level error (e.g. from the server) announced when it appears. */
export function FormError({ children, id }: { children: ReactNode; id?: string }) {
  if (!children) return null;
  return (
    <div id={id} role="alert" className="rounded-lg border border-danger/40 bg-danger-soft px-3 py-2 text-sm text-danger">
      {children}
    </div>
  );
}

interface TextAreaFieldProps extends Omit<ComponentPropsWithRef<"textarea">, "id"> {
  id: string;
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  optional?: boolean;
}

/** A multi-line text field: wraps long words, grows by dragging, never scrolls sideways. */
export function TextAreaField({ id, label, error, hint, optional, className, ...props }: TextAreaFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} optional={optional}>
      {(control) => (
        <textarea
          {...props}
          {...control}
          className={cn(
            controlBase,
            "min-h-32 resize-y border-line-strong py-2 leading-relaxed [overflow-wrap:anywhere]",
            className,
          )}
        />
      )}
    </FieldShell>
  );
}

/** A checkbox with its label beside it (and an optional hint under the label). */
export function CheckboxField({
  id,
  label,
  hint,
  className,
  ...props
}: Omit<ComponentPropsWithRef<"input">, "id" | "type"> & { id: string; label: ReactNode; hint?: ReactNode }) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={cn("flex items-start gap-3", className)}>
      <input
        {...props}
        id={id}
        type="checkbox"
        aria-describedby={hintId}
        className="mt-0.5 size-5 shrink-0 cursor-pointer accent-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus disabled:opacity-60"
      />
      <div className="space-y-0.5">
        <label htmlFor={id} className="block cursor-pointer text-sm font-medium text-ink">
          {label}
        </label>
        {hint ? (
          <p id={hintId} className="text-xs text-ink-muted">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
