import type { ComponentPropsWithRef } from "react";
import { cn } from "./cn";

export interface SurfaceProps extends ComponentPropsWithRef<"div"> {
  /** "raised" (default) is a card on the page; "sunken" is a well inside one. */
  tone?: "raised" | "sunken";
  padding?: "none" | "sm" | "md" | "lg";
}

const paddings = { none: "", sm: "p-3", md: "p-5", lg: "p-8" } as const;

/** A card container on the paper background. */
export function Surface({ tone = "raised", padding = "md", className, ...props }: SurfaceProps) {
  return (
    <div
      className={cn(
        "rounded-xl border border-line",
        tone === "raised" ? "bg-paper-raised shadow-card" : "bg-paper-sunken",
        paddings[padding],
        className,
      )}
      {...props}
    />
  );
}
