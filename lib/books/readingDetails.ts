/**
 * Validation of what a reader edits about their reading of a book on its page: rating, shelves,
 * date read and date added. Pure functions; the Convex mutation turns a failure into a ConvexError
 * with `field`, the book page runs the same checks first. Messages never quote the value.
 */
import { isIsoDate } from "../import/cells";
import { ROW_LIMITS } from "../import/validate";
import { isValidRating } from "./rating";

export const MAX_SHELVES = ROW_LIMITS.maxShelves;
export const SHELF_MAX_LENGTH = ROW_LIMITS.shelfMaxLength;

export type ReadingField = "rating" | "shelves" | "dateRead" | "dateAdded";

export const READING_MESSAGES = {
  rating: "Rating must be from 0.25 to 5 stars in steps of 0.25",
  shelves: `At most ${MAX_SHELVES} shelves of at most ${SHELF_MAX_LENGTH} characters each`,
  dateRead: "Date read must be a date (YYYY-MM-DD)",
  dateAdded: "Date added must be a date (YYYY-MM-DD)",
} as const;

export interface ReadingDetailsInput {
  /** `null` clears the rating (unrated). */
  rating?: number | null;
  shelves?: readonly string[];
  /** `null` or "" clears the date. */
  dateRead?: string | null;
  dateAdded?: string | null;
}

export interface ValidReadingDetails {
  /** `null`: clear. */
  rating?: number | null;
  shelves?: string[];
  dateRead?: string | null;
  dateAdded?: string | null;
}

export type ReadingResult =
  { ok: true; value: ValidReadingDetails } | { ok: false; error: { field: ReadingField; message: string } };

/** Shelves trimmed, blank ones dropped, the same shelf twice (any case) kept once, first spelling first. */
export function cleanShelfNames(shelves: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of shelves) {
    const shelf = raw.trim().replace(/\s+/g, " ");
    const key = shelf.toLowerCase();
    if (shelf === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(shelf);
  }
  return out;
}

function date(raw: string | null | undefined, field: "dateRead" | "dateAdded"): ReadingResult | string | null | undefined {
  if (raw === undefined) return undefined;
  const text = (raw ?? "").trim();
  if (text === "") return null;
  if (!isIsoDate(text)) return { ok: false, error: { field, message: READING_MESSAGES[field] } };
  return text;
}

/** Validates the fields present in an edit; absent fields stay absent. */
export function validateReadingDetails(input: ReadingDetailsInput): ReadingResult {
  const value: ValidReadingDetails = {};
  if (input.rating !== undefined) {
    if (input.rating !== null && !isValidRating(input.rating)) {
      return { ok: false, error: { field: "rating", message: READING_MESSAGES.rating } };
    }
    value.rating = input.rating;
  }
  if (input.shelves !== undefined) {
    const shelves = cleanShelfNames(input.shelves);
    if (shelves.length > MAX_SHELVES || shelves.some((shelf) => shelf.length > SHELF_MAX_LENGTH)) {
      return { ok: false, error: { field: "shelves", message: READING_MESSAGES.shelves } };
    }
    value.shelves = shelves;
  }
  for (const field of ["dateRead", "dateAdded"] as const) {
    const checked = date(input[field], field);
    if (checked !== null && typeof checked === "object") return checked;
    if (checked !== undefined) value[field] = checked;
  }
  return { ok: true, value };
}
