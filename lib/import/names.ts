/** Author names as the formats write them, turned into the "First Last" a reader expects. */
import { cleanText } from "./cells";

/** Name suffixes that follow a comma without being a first name: "King, Jr.", "Henry VIII". */
const SUFFIX = /^(?:jr|sr|[ivx]+|phd|md|esq)\.?$/i;
/** Organisations written with a comma: "Time-Life Books, Inc." stays as it is. */
const COMPANY = /^(?:inc|ltd|llc|co|corp|gmbh|plc|s\.?a)\.?$/i;

/**
 * "Last, First" -> "First Last" ("Le Guin, Ursula K." -> "Ursula K. Le Guin"; "King, Martin
 * Luther, Jr." -> "Martin Luther King Jr."). A name without a comma, or whose comma is part of how
 * it is written (a company, a lone suffix), is kept as written.
 */
export function firstLast(raw: string): string {
  const name = cleanText(raw);
  const parts = name.split(/\s*,\s*/);
  if (parts.length < 2 || parts.some((p) => p === "")) return name;
  const [last, first, ...rest] = parts;
  if (COMPANY.test(first) || SUFFIX.test(first) || rest.length > 1) return name;
  if (rest.length === 1 && !SUFFIX.test(rest[0])) return name;
  return cleanText([first, last, ...rest].join(" "));
}

/**
 * A list of authors separated by commas, as StoryGraph writes it ("Pierce Brown, Someone Else"),
 * returned joined with " & " ("Pierce Brown & Someone Else"), the separator the duplicate key and
 * Calibre use, so the first author stays recognisable. A suffix after a comma stays with its name
 * ("Martin Luther King, Jr.").
 */
export function joinAuthorList(raw: string): string {
  const names: string[] = [];
  for (const part of cleanText(raw).split(/\s*,\s*/)) {
    if (part === "") continue;
    if (names.length > 0 && (SUFFIX.test(part) || COMPANY.test(part))) names[names.length - 1] += `, ${part}`;
    else names.push(part);
  }
  return names.join(" & ");
}
