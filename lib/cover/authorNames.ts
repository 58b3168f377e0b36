/**
 * Author names for the cover matcher: which people an author field names, and whether two names are
 * the same person. Names are compared name by name ("Last, First" order, initials, middle names,
 * honorifics and nobility particles such as "Sir" or "graf", "Jr."); a reader's surname-only field
 * ("Tolkien") matches a candidate's full name with that surname, never the other way round.
 */
import { normalizeText } from "../books/text";

const NAME_SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "phd", "md"]);
/** Honorifics, titles and nobility particles written before a name ("graf Leo Tolstoy", "Dame Agatha Christie"). */
const NAME_PREFIXES = new Set([
  "dr",
  "prof",
  "professor",
  "sir",
  "dame",
  "lord",
  "lady",
  "count",
  "countess",
  "graf",
  "grafin",
  "baron",
  "baroness",
  "freiherr",
  "duke",
  "duchess",
  "prince",
  "princess",
  "earl",
  "rev",
  "reverend",
  "mr",
  "mrs",
  "ms",
  "hon",
]);
/** Words that start a multi-word surname ("Le Guin, Ursula K.", "van Gogh, Vincent"). */
const SURNAME_PARTICLES = new Set([
  "le",
  "la",
  "de",
  "del",
  "della",
  "di",
  "da",
  "du",
  "van",
  "von",
  "der",
  "den",
  "ter",
  "mac",
  "st",
  "o",
]);

/** "JRR Tolkien" -> "J R R Tolkien": 2-3 capital letters in a mixed-case name are initials. */
function expandInitialClusters(name: string): string {
  const words = name.trim().split(/\s+/);
  if (words.length < 2 || !/[a-z]/.test(name)) return name;
  return words.map((w, i) => (i < words.length - 1 && /^[A-Z]{2,3}$/.test(w) ? w.split("").join(" ") : w)).join(" ");
}

/** Normalised name tokens, given names first, without honorifics or "Jr." style suffixes. */
export function nameTokens(name: string): string[] {
  const cleaned = expandInitialClusters(name.replace(/\([^)]*\)|\[[^\]]*\]/g, " "));
  const tokens = normalizeText(cleaned).split(" ").filter(Boolean);
  while (tokens.length > 1 && NAME_SUFFIXES.has(tokens[tokens.length - 1])) tokens.pop();
  while (tokens.length > 1 && NAME_PREFIXES.has(tokens[0])) tokens.shift();
  // "Tolkien J R R" (surname first, initials after, no comma) -> "J R R Tolkien".
  if (tokens.length >= 2 && tokens[0].length > 1) {
    const rest = tokens.slice(1);
    if (rest.every((t) => t.length === 1)) return [...rest, tokens[0]];
  }
  return tokens;
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * "X Y, Z W": two people ("Amal El-Mohtar, Max Gladstone") unless the first part is a particle
 * surname ("Le Guin, Ursula K.") or the second ends in an initial, which read as "Last, First".
 */
function isTwoPeople(first: string, second: string): boolean {
  if (wordCount(first) < 2 || wordCount(second) < 2) return false;
  if (SURNAME_PARTICLES.has(normalizeText(first).split(" ")[0])) return false;
  return !/(?:^|\s)\p{L}\.?$/u.test(second.trim());
}

/**
 * The names an author field stands for, each "First Last". "Pratchett, Terry" is one name;
 * "Neil Gaiman, Terry Pratchett", "A & B", "A and B", "A; B" are several.
 */
export function splitAuthorNames(field: string): string[] {
  return readAuthorField(field).people;
}

/**
 * `people` as `splitAuthorNames`; `alsoPossibly` holds the "Last, First" reading of a field read as
 * two people ("García Márquez, Gabriel José" is one person), which matching still tries.
 */
function readAuthorField(field: string): { people: string[]; alsoPossibly: string[] } {
  const names: string[] = [];
  const alsoPossibly: string[] = [];
  for (const piece of field.split(/\s*(?:;|&|\band\b)\s*/i)) {
    const p = piece.replace(/\([^)]*\)/g, " ").trim();
    if (!p) continue;
    const commaParts = p
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (commaParts.length === 1) {
      names.push(commaParts[0]);
    } else if (commaParts.length === 2) {
      const [last, first] = commaParts;
      if (NAME_SUFFIXES.has(normalizeText(first))) names.push(last);
      else if (isTwoPeople(last, first)) {
        names.push(last, first);
        alsoPossibly.push(`${first} ${last}`);
      } else names.push(`${first} ${last}`);
    } else if (commaParts.every((s) => wordCount(s) >= 2)) {
      names.push(...commaParts);
    } else {
      // "King, Martin Luther, Jr.", "Tolstoy, Leo, graf": the first two parts are "Last, First".
      names.push(`${commaParts[1]} ${commaParts[0]}`);
    }
  }
  return { people: names, alsoPossibly };
}

function tokenCompatible(x: string, y: string): boolean {
  if (x === y) return true;
  if (x.length === 1) return y.startsWith(x);
  if (y.length === 1) return x.startsWith(y);
  return false;
}

/** Every token of `shorter` matches a token of `longer`, in order. */
function isCompatibleSubsequence(shorter: readonly string[], longer: readonly string[]): boolean {
  let j = 0;
  for (const s of shorter) {
    while (j < longer.length && !tokenCompatible(s, longer[j])) j++;
    if (j === longer.length) return false;
    j++;
  }
  return true;
}

function givenNamesCompatible(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (!tokenCompatible(a[0], b[0])) return false;
  const [shorter, longer] = a.length <= b.length ? [a.slice(1), b.slice(1)] : [b.slice(1), a.slice(1)];
  return isCompatibleSubsequence(shorter, longer);
}

/** Two single names refer to the same person (as far as text can tell). */
export function namesMatch(a: string, b: string): boolean {
  const x = nameTokens(a);
  const y = nameTokens(b);
  if (x.length === 0 || y.length === 0) return false;
  if (x.length === 1 || y.length === 1) return x.length === y.length && x[0] === y[0];

  // Same surname (last token, or a two-word surname written as one word: "Le Guin" / "LeGuin").
  const splits: Array<[string[], string[]]> = [];
  if (x[x.length - 1] === y[y.length - 1]) splits.push([x.slice(0, -1), y.slice(0, -1)]);
  if (x.length >= 3 && x.slice(-2).join("") === y[y.length - 1]) splits.push([x.slice(0, -2), y.slice(0, -1)]);
  if (y.length >= 3 && y.slice(-2).join("") === x[x.length - 1]) splits.push([x.slice(0, -1), y.slice(0, -2)]);
  if (splits.some(([gx, gy]) => givenNamesCompatible(gx, gy))) return true;

  // Family name first ("Murakami Haruki"): the same full words in another order.
  const full = (t: string[]) => t.every((w) => w.length > 1);
  if (full(x) && full(y) && x.length === y.length) {
    const sx = [...x].sort().join(" ");
    const sy = [...y].sort().join(" ");
    if (sx === sy) return true;
  }
  return false;
}

/**
 * A reader's name matches a candidate's: the same person, or the reader gave only the candidate's
 * surname ("Tolkien", "Le Guin", "LeGuin").
 */
export function readerNameMatches(readerName: string, candidateName: string): boolean {
  if (namesMatch(readerName, candidateName)) return true;
  const r = nameTokens(readerName);
  const c = nameTokens(candidateName);
  if (r.length === 0 || c.length <= r.length) return false;
  if (r.length === 1) return r[0].length > 1 && (c[c.length - 1] === r[0] || c.slice(-2).join("") === r[0]);
  // A multi-word surname only when it starts with a particle ("Le Guin", "van Gogh").
  return SURNAME_PARTICLES.has(r[0]) && c.slice(-r.length).join(" ") === r.join(" ");
}

/** Any author named in the book's author field matches any of the candidate's authors. */
export function authorsMatch(bookAuthor: string, candidateAuthors: readonly string[]): boolean {
  const field = readAuthorField(bookAuthor);
  const ours = [...field.people, ...field.alsoPossibly];
  const theirs = candidateAuthors.flatMap((a) => {
    if (typeof a !== "string") return [];
    const read = readAuthorField(a);
    return [...read.people, ...read.alsoPossibly];
  });
  return ours.some((o) => theirs.some((t) => readerNameMatches(o, t)));
}
