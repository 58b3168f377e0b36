/**
 * ISBN parsing and normalisation. Folio stores ISBN-13 only; ISBN-10s are converted.
 * Pure functions, no framework imports.
 */

function isbn10CheckDigit(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(first9[i]);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? "X" : String(check);
}

function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(first12[i]);
  return String((10 - (sum % 10)) % 10);
}

/** Strips spaces, hyphens and Goodreads' `="…"` wrapping; upper-cases a trailing x. */
export function cleanIsbnInput(raw: string): string {
  let s = raw.trim();
  const wrapped = /^="(.*)"$/.exec(s);
  if (wrapped) s = wrapped[1];
  return s.replace(/[\s-]/g, "").toUpperCase();
}

export function isValidIsbn10(isbn: string): boolean {
  if (!/^\d{9}[\dX]$/.test(isbn)) return false;
  return isbn10CheckDigit(isbn.slice(0, 9)) === isbn[9];
}

export function isValidIsbn13(isbn: string): boolean {
  if (!/^97[89]\d{10}$/.test(isbn)) return false;
  return isbn13CheckDigit(isbn.slice(0, 12)) === isbn[12];
}

export function isbn10To13(isbn10: string): string {
  const first12 = "978" + isbn10.slice(0, 9);
  return first12 + isbn13CheckDigit(first12);
}

/** ISBN-13 → ISBN-10 when it is in the 978 range, else null. */
export function isbn13To10(isbn13: string): string | null {
  if (!isbn13.startsWith("978")) return null;
  const first9 = isbn13.slice(3, 12);
  return first9 + isbn10CheckDigit(first9);
}

export type IsbnResult = { ok: true; isbn13: string } | { ok: false; reason: "empty" | "invalid_format" | "invalid_checksum" };

/** Parses an ISBN-10 or ISBN-13 written any common way and returns it as ISBN-13. */
export function parseIsbn(raw: string | null | undefined): IsbnResult {
  if (raw == null) return { ok: false, reason: "empty" };
  const s = cleanIsbnInput(raw);
  if (s === "") return { ok: false, reason: "empty" };
  if (/^\d{9}[\dX]$/.test(s)) {
    return isValidIsbn10(s) ? { ok: true, isbn13: isbn10To13(s) } : { ok: false, reason: "invalid_checksum" };
  }
  if (/^\d{13}$/.test(s)) {
    return isValidIsbn13(s) ? { ok: true, isbn13: s } : { ok: false, reason: "invalid_checksum" };
  }
  return { ok: false, reason: "invalid_format" };
}

/** ISBN-13 or undefined, for callers that treat a bad ISBN as absent. */
export function normalizeIsbn(raw: string | null | undefined): string | undefined {
  const r = parseIsbn(raw);
  return r.ok ? r.isbn13 : undefined;
}

/** Finds the first checksum-valid ISBN-10/13 anywhere in a line of text. */
export function findIsbnInText(text: string): { isbn13: string; match: string } | undefined {
  const re = /(?:ISBN(?:-1[03])?:?\s*)?\b(97[89][\d-\s]{10,16}\d|\d[\d-\s]{8,11}[\dXx])\b/g;
  for (const m of text.matchAll(re)) {
    const r = parseIsbn(m[1]);
    if (r.ok) return { isbn13: r.isbn13, match: m[0] };
  }
  return undefined;
}
