import { cn } from "./cn";

export interface ProgressBarProps {
  /** The bar's accessible name ("Import progress"). */
  label: string;
  value: number;
  max: number;
  /** What a screen reader says for the value ("312 of 480 rows saved"). */
  valueText: string;
  tone?: "accent" | "danger";
  size?: "sm" | "md";
  className?: string;
}

/** A determinate progress bar (role="progressbar"); full when `max` is 0. */
export function ProgressBar({ label, value, max, valueText, tone = "accent", size = "md", className }: ProgressBarProps) {
  const shown = Math.min(Math.max(value, 0), max);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={shown}
      aria-valuetext={valueText}
      className={cn(
        "overflow-hidden rounded-full bg-paper-sunken ring-1 ring-line-strong ring-inset",
        size === "sm" ? "h-2" : "h-3",
        className,
      )}
    >
      <div
        className={cn("h-full transition-[width] duration-300", tone === "danger" ? "bg-danger" : "bg-accent")}
        style={{ width: `${max === 0 ? 100 : Math.round((shown / max) * 100)}%` }}
      />
    </div>
  );
}
