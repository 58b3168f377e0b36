/**
 * Colour for a book's typographic placeholder cover, derived from its title.
 * Pure and deterministic: the same title always gets the same cloth colour, so a wall of
 * placeholders looks designed rather than random, and a tile never changes colour between renders.
 * No framework imports.
 */

export interface CoverColor {
  /** Cloth colour behind the text. */
  background: string;
  /** Text colour; every pair has a contrast ratio of at least 4.5:1. */
  foreground: string;
  /** Index into {@link COVER_PALETTE}. */
  index: number;
}

/** Book-cloth colours with a readable ink for each (contrast checked in tests). */
export const COVER_PALETTE: readonly { background: string; foreground: string }[] = [
  { background: "#6e2a2a", foreground: "#f6ead8" }, // oxblood
  { background: "#24483a", foreground: "#efe6cf" }, // bottle green
  { background: "#1f3350", foreground: "#f1e7d2" }, // navy
  { background: "#c08a2e", foreground: "#221808" }, // ochre
  { background: "#4f2a4a", foreground: "#f3e4ea" }, // plum
  { background: "#1f5a5e", foreground: "#eef0e6" }, // teal
  { background: "#3d4650", foreground: "#eae4d8" }, // slate
  { background: "#8a3f1c", foreground: "#fbefe0" }, // rust
  { background: "#8aa386", foreground: "#16200f" }, // sage
  { background: "#c9938a", foreground: "#2a1714" }, // dusty rose
  { background: "#d6b24c", foreground: "#241d08" }, // mustard
  { background: "#2b2f6b", foreground: "#ece6f5" }, // ink blue
];

/** Trim, lower-case and collapse white space so trivial differences keep the same colour. */
function normaliseTitle(title: string): string {
  return title.trim().toLowerCase().replace(/\s+/g, " ");
}

/** 32-bit FNV-1a over UTF-16 code units: small, fast and well spread for short strings. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The placeholder colours for a title. An empty title gets a valid colour too. */
export function coverColorFor(title: string): CoverColor {
  const index = fnv1a(normaliseTitle(title)) % COVER_PALETTE.length;
  const { background, foreground } = COVER_PALETTE[index];
  return { background, foreground, index };
}
