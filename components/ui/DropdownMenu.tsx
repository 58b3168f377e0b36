"use client";

import * as Radix from "@radix-ui/react-dropdown-menu";
import type { ComponentPropsWithRef } from "react";
import { cn } from "./cn";

/**
 * Thin styled wrappers over Radix DropdownMenu: keyboard support (Enter/Space/ArrowDown to open,
 * arrows to move, Enter to activate, Escape to close with focus back on the trigger) comes from Radix.
 */
export const DropdownMenu = Radix.Root;

/** Use `asChild` with a Button; give icon-only triggers an aria-label. */
export const DropdownMenuTrigger = Radix.Trigger;

/**
 * The menu renders where its trigger is, not in a portal at the end of <body>: it stays inside the
 * page's landmarks (axe's `region` rule), and Radix positions it with `position: fixed` anyway.
 */
export function DropdownMenuContent({
  className,
  sideOffset = 6,
  align = "end",
  ...props
}: ComponentPropsWithRef<typeof Radix.Content>) {
  return (
    <Radix.Content
      sideOffset={sideOffset}
      align={align}
      className={cn(
        "z-50 min-w-52 rounded-xl border border-line bg-paper-raised p-1.5 text-ink shadow-lifted",
        "data-[state=open]:animate-fade-in data-[state=closed]:animate-fade-out",
        className,
      )}
      {...props}
    />
  );
}

export function DropdownMenuItem({ className, ...props }: ComponentPropsWithRef<typeof Radix.Item>) {
  return (
    <Radix.Item
      className={cn(
        "flex cursor-default items-center gap-2 rounded-lg px-3 py-2 text-sm outline-none select-none",
        "data-highlighted:bg-paper-sunken data-highlighted:text-ink",
        "data-disabled:pointer-events-none data-disabled:opacity-50",
        className,
      )}
      {...props}
    />
  );
}

export function DropdownMenuSeparator({ className, ...props }: ComponentPropsWithRef<typeof Radix.Separator>) {
  return <Radix.Separator className={cn("my-1.5 h-px bg-line", className)} {...props} />;
}

export function DropdownMenuLabel({ className, ...props }: ComponentPropsWithRef<typeof Radix.Label>) {
  return (
    <Radix.Label
      className={cn("px-3 pt-1.5 pb-1 text-xs font-medium tracking-wide text-ink-faint uppercase", className)}
      {...props}
    />
  );
}
