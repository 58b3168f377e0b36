"use client";

import * as RadixToast from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { cn } from "./cn";

export type ToastVariant = "info" | "success" | "error";

export interface ToastAction {
  /** Visible button text, e.g. "Stop". */
  label: string;
  /** What the action does, for assistive tech (Radix requires it): e.g. "Stop fetching covers". */
  altText: string;
  onClick: () => void;
  /** Close the toast when the action is clicked (default true). Set false to update it in place instead. */
  dismissOnClick?: boolean;
}

export interface ToastOptions {
  title: ReactNode;
  description?: ReactNode;
  variant?: ToastVariant;
  /** Milliseconds before it closes itself; `Infinity` keeps it open (progress). Default 5000. */
  duration?: number;
  action?: ToastAction | null;
}

export interface ToastApi {
  /** Shows a toast and returns its id. Pass `id` to replace an existing toast with the same id. */
  toast: (options: ToastOptions & { id?: string }) => string;
  /** Changes an open toast in place (title, progress text, variant, duration, action). */
  update: (id: string, changes: Partial<ToastOptions>) => void;
  /** Closes one toast, or every toast when no id is given. */
  dismiss: (id?: string) => void;
}

interface ToastItem extends ToastOptions {
  id: string;
  open: boolean;
}

const ToastContext = createContext<ToastApi | null>(null);

/** How long a closed toast stays mounted so its exit animation can run. */
const REMOVE_DELAY_MS = 400;
const DEFAULT_DURATION_MS = 5000;

const variantStyles: Record<ToastVariant, string> = {
  info: "border-line",
  success: "border-success/40",
  error: "border-danger/50",
};

const variantMarks: Record<ToastVariant, string> = {
  info: "bg-ink-faint",
  success: "bg-success",
  error: "bg-danger",
};

/**
 * Toasts for the whole app (Radix Toast). The viewport is the one `aria-live="polite"` region:
 * a new toast and every in-place update (progress text) is announced from there.
 */
const subscribeNothing = () => () => {};
const inBrowser = () => true;
const onServer = () => false;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const counter = useRef(0);
  // Radix also announces each new toast through its own hidden node; the viewport already does,
  // so that announcer is rendered into a hidden container to avoid announcing everything twice.
  const [mutedAnnouncer, setMutedAnnouncer] = useState<HTMLDivElement | null>(null);
  const isBrowser = useSyncExternalStore(subscribeNothing, inBrowser, onServer);

  const scheduleRemoval = useCallback((id: string) => {
    window.setTimeout(() => {
      setItems((current) => current.filter((item) => item.id !== id || item.open));
    }, REMOVE_DELAY_MS);
  }, []);

  const dismiss = useCallback(
    (id?: string) => {
      setItems((current) => current.map((item) => (id === undefined || item.id === id ? { ...item, open: false } : item)));
      if (id !== undefined) scheduleRemoval(id);
      else window.setTimeout(() => setItems((current) => current.filter((item) => item.open)), REMOVE_DELAY_MS);
    },
    [scheduleRemoval],
  );

  const toast = useCallback((options: ToastOptions & { id?: string }) => {
    counter.current += 1;
    const id = options.id ?? `toast-${counter.current}`;
    setItems((current) => [...current.filter((item) => item.id !== id), { ...options, id, open: true }]);
    return id;
  }, []);

  const update = useCallback((id: string, changes: Partial<ToastOptions>) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, ...changes } : item)));
  }, []);

  const api = useMemo<ToastApi>(() => ({ toast, update, dismiss }), [toast, update, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      <RadixToast.Provider
        label="Notification"
        duration={DEFAULT_DURATION_MS}
        swipeDirection="right"
        announcerContainer={mutedAnnouncer ?? undefined}
      >
        {children}
        {items.map((item) => (
          <ToastView
            key={item.id}
            item={item}
            onOpenChange={(open) => {
              if (!open) dismiss(item.id);
            }}
          />
        ))}
        {/* Rendered in the browser only: its region wrapper carries an inline style, which the page's
            security policy refuses in server-rendered markup (React sets it through the DOM instead). */}
        {isBrowser ? (
          <RadixToast.Viewport
            aria-live="polite"
            aria-atomic="false"
            // On a phone only the newest toast shows (the others keep their timers): a pile of toasts
            // would cover the wall's first row.
            className="fixed right-0 bottom-0 z-[60] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-3 outline-none max-sm:[&>li:not(:last-child)]:hidden sm:p-6"
          />
        ) : null}
      </RadixToast.Provider>
      <div ref={setMutedAnnouncer} hidden />
    </ToastContext.Provider>
  );
}

function ToastView({ item, onOpenChange }: { item: ToastItem; onOpenChange: (open: boolean) => void }) {
  const variant = item.variant ?? "info";
  const action = item.action;
  return (
    <RadixToast.Root
      open={item.open}
      onOpenChange={onOpenChange}
      duration={item.duration ?? DEFAULT_DURATION_MS}
      type={variant === "error" ? "foreground" : "background"}
      data-variant={variant}
      className={cn(
        "relative flex items-start gap-3 rounded-xl border bg-paper-raised py-3 pr-10 pl-4 text-ink shadow-lifted",
        "data-[state=closed]:animate-fade-out data-[state=open]:animate-toast-in",
        "data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) data-[swipe=cancel]:translate-x-0 data-[swipe=end]:animate-fade-out",
        variantStyles[variant],
      )}
    >
      <span aria-hidden="true" className={cn("mt-1.5 size-2 shrink-0 rounded-full", variantMarks[variant])} />
      <div className="min-w-0 flex-1">
        <RadixToast.Title className="text-sm font-semibold">{item.title}</RadixToast.Title>
        {item.description ? (
          <RadixToast.Description className="mt-0.5 text-sm text-ink-muted">{item.description}</RadixToast.Description>
        ) : null}
        {action ? (
          <div className="mt-2">
            {action.dismissOnClick === false ? (
              <button type="button" onClick={action.onClick} aria-label={action.altText} className={actionClasses}>
                {action.label}
              </button>
            ) : (
              <RadixToast.Action altText={action.altText} onClick={action.onClick} className={actionClasses}>
                {action.label}
              </RadixToast.Action>
            )}
          </div>
        ) : null}
      </div>
      <RadixToast.Close
        aria-label="Dismiss notification"
        className="absolute top-2 right-2 inline-flex size-7 items-center justify-center rounded-md text-ink-muted hover:bg-paper-sunken hover:text-ink"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path d="M5 5l10 10M15 5L5 15" strokeLinecap="round" />
        </svg>
      </RadixToast.Close>
    </RadixToast.Root>
  );
}

const actionClasses =
  "inline-flex h-8 items-center rounded-lg border border-line-strong bg-paper px-3 text-sm font-medium hover:bg-paper-sunken";

/** `{ toast, update, dismiss }` for the nearest ToastProvider. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast must be used inside <ToastProvider>");
  return api;
}
