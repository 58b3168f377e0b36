/**
 * Bytes of an import file -> text. Exports are not all UTF-8: LibraryThing's tab-separated export
 * has been UTF-16 with a byte-order mark, spreadsheets save "Unicode text" as UTF-16, and older
 * exports are Windows-1252.
 * - A BOM decides: UTF-8 (EF BB BF), UTF-16 LE (FF FE), UTF-16 BE (FE FF).
 * - Without one, text whose every other byte is zero is UTF-16 (LE or BE by which bytes are zero).
 * - Otherwise UTF-8 when almost all of it is UTF-8 (no invalid sequence, or at least 90% of the
 *   non-ASCII sequences valid): the few invalid sequences become U+FFFD and `parseImportFile`
 *   names their lines. A file with a few stray bytes is no longer garbled whole as Windows-1252
 *   ("Mayer-SchÃ¶nberger").
 * - Else Windows-1252, so "Cortázar" saved by an old tool is not turned into replacement characters.
 * The BOM itself is not part of the text; `parseImportFile` also drops any later U+FEFF (a second
 * BOM left by joining two files), which changes no line numbers.
 */

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

const SNIFF_BYTES = 4096;

function zeroShare(bytes: Uint8Array, parity: 0 | 1): number {
  let zeros = 0;
  let total = 0;
  for (let i = parity; i < Math.min(bytes.length, SNIFF_BYTES); i += 2) {
    total++;
    if (bytes[i] === 0) zeros++;
  }
  return total === 0 ? 0 : zeros / total;
}

/** The encoding the bytes are in (see the module comment). */
export function detectEncoding(bytes: Uint8Array): { encoding: TextEncodingName; bomLength: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", bomLength: 2 };
  if (bytes.length >= 4) {
    const even = zeroShare(bytes, 0);
    const odd = zeroShare(bytes, 1);
    if (odd > 0.3 && even < 0.05) return { encoding: "utf-16le", bomLength: 0 };
    if (even > 0.3 && odd < 0.05) return { encoding: "utf-16be", bomLength: 0 };
  }
  const { valid, invalid } = scanUtf8(bytes);
  if (invalid === 0 || (valid > 0 && valid / (valid + invalid) >= MOSTLY_UTF8)) return { encoding: "utf-8", bomLength: 0 };
  return { encoding: "windows-1252", bomLength: 0 };
}

/** Share of valid non-ASCII sequences above which a file is UTF-8 with a few bad bytes. */
const MOSTLY_UTF8 = 0.9;

/** The length of the UTF-8 sequence starting at `i`, or 0 when the bytes there are not valid UTF-8. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  let length: number;
  let min: number;
  if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
  else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
  else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
  else return 0;
  if (i + length > bytes.length) return 0;
  let code = b & (0x7f >> length);
  for (let k = 1; k < length; k++) {
    const next = bytes[i + k];
    if ((next & 0xc0) !== 0x80) return 0;
    code = (code << 6) | (next & 0x3f);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return length;
}

/**
 * Counts valid multi-byte UTF-8 sequences and invalid ones, and the 1-based lines of the invalid
 * ones (the line of the byte that starts it).
 */
export function scanUtf8(bytes: Uint8Array): { valid: number; invalid: number; invalidLines: number[] } {
  let valid = 0;
  let invalid = 0;
  let line = 1;
  const invalidLines: number[] = [];
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      if (b === 0x0a) line++;
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      valid++;
      i += length;
      continue;
    }
    invalid++;
    if (invalidLines[invalidLines.length - 1] !== line) invalidLines.push(line);
    i++;
  }
  return { valid, invalid, invalidLines };
}

/**
 * Decodes an import file's bytes to text without its BOM. Invalid UTF-8 sequences in a file that is
 * almost all UTF-8 become U+FFFD ("�"); `parseImportFile` warns about the lines that hold one.
 */
export function decodeImportBytes(input: ArrayBuffer | Uint8Array): string {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const { encoding, bomLength } = detectEncoding(bytes);
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(bomLength));
}
