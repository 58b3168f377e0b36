"use client";

import { formatRating, RATING_MAX, RATING_STEP } from "@/lib/books/rating";
import { RatingStars } from "./RatingStars";

/** "3.75 stars", "1 star", or "Not rated" for 0. */
export function ratingValueText(value: number): string {
  if (value === 0) return "Not rated";
  return value === 1 ? "1 star" : `${formatRating(value)} stars`;
}

export interface RatingInputProps {
  id: string;
  /** 0 (not rated) to 5, in quarter steps. */
  value: number;
  onChange: (value: number) => void;
  disabled?: boolean;
}

/**
 * A rating in quarter stars as a native slider: arrow keys move a quarter star, Home clears it,
 * End gives five; assistive tech hears "3.75 stars" (aria-valuetext). The stars beside it show it.
 */
export function RatingInput({ id, value, onChange, disabled }: RatingInputProps) {
  const text = ratingValueText(value);
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        Rating
      </label>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <input
          id={id}
          type="range"
          min={0}
          max={RATING_MAX}
          step={RATING_STEP}
          value={value}
          aria-valuetext={text}
          aria-describedby={`${id}-hint`}
          disabled={disabled}
          onChange={(event) => onChange(Number(event.currentTarget.value))}
          className="h-10 w-48 cursor-pointer accent-accent disabled:opacity-60"
        />
        <span aria-hidden="true" className="inline-flex items-center gap-2 text-sm text-ink">
          <RatingStars rating={value} decorative className="text-lg" />
          <span className="tabular-nums">{text}</span>
        </span>
      </div>
      <p id={`${id}-hint`} className="text-xs text-ink-muted">
        Arrow keys move a quarter star; Home clears the rating.
      </p>
    </div>
  );
}
