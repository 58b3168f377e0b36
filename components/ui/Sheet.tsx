"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useRef, type ReactElement, type ReactNode, type RefObject } from "react";
import { cn } from "./cn";

export interface SheetProps {
  /** Controlled open state; omit both `open` and `onOpenChange` to let `trigger` drive it. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** An element (usually a Button) that opens the sheet; rendered through Radix `Dialog.Trigger asChild`. */
  trigger?: ReactElement;
  title: ReactNode;
  description?: ReactNode;
  /** Focused on close when the element that opened the sheet is gone (e.g. an empty state that disappeared). */
  returnFocusRef?: RefObject<HTMLElement | null>;
  /** Sticky footer (form actions). */
  footer?: ReactNode;
  children?: ReactNode;
  className?: string;
}

/**
 * A modal side sheet (Radix Dialog) sliding in from the right. Focus is trapped inside while open
 * and returns to whatever opened it — a `trigger`, or any button that set `open` — on close.
 */
export function Sheet({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  returnFocusRef,
  footer,
  children,
  className,
}: SheetProps) {
  const openerRef = useRef<HTMLElement | null>(null);

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <Dialog.Trigger asChild>{trigger}</Dialog.Trigger> : null}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40 data-[state=closed]:animate-fade-out data-[state=open]:animate-fade-in" />
        <Dialog.Content
          className={cn(
            "fixed inset-y-0 right-0 z-50 flex w-full max-w-md flex-col border-l border-line bg-paper-raised text-ink shadow-lifted",
            "data-[state=closed]:animate-sheet-out data-[state=open]:animate-sheet-in focus:outline-none",
            className,
          )}
          {...(description ? {} : { "aria-describedby": undefined })}
          onOpenAutoFocus={() => {
            // Focus has not moved into the sheet yet: this is the element that opened it.
            const active = document.activeElement;
            openerRef.current = active instanceof HTMLElement && active !== document.body ? active : null;
          }}
          onCloseAutoFocus={(event) => {
            const opener = openerRef.current;
            const target = opener?.isConnected ? opener : returnFocusRef?.current;
            if (target?.isConnected) {
              event.preventDefault();
              target.focus();
            }
          }}
        >
          <header className="flex items-start justify-between gap-4 border-b border-line px-6 pt-6 pb-4">
            <div className="min-w-0">
              <Dialog.Title className="font-serif text-2xl leading-tight">{title}</Dialog.Title>
              {description ? (
                <Dialog.Description className="mt-1 text-sm text-ink-muted">{description}</Dialog.Description>
              ) : null}
            </div>
            <Dialog.Close
              aria-label="Close"
              className="-mt-1 -mr-2 inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-ink-muted hover:bg-paper-sunken hover:text-ink"
            >
              <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8">
                <path d="M5 5l10 10M15 5L5 15" strokeLinecap="round" />
              </svg>
            </Dialog.Close>
          </header>
          <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">{children}</div>
          {footer ? <footer className="border-t border-line px-6 py-4">{footer}</footer> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
