/**
 * Bytes of an import file -> text. Exports are not all UTF-8: LibraryThing's tab-separated export
 * has been UTF-16 with a byte-order mark, spreadsheets save "Unicode text" as UTF-16, and older
 * exports are Windows-1252.
 * - A BOM decides: UTF-8 (EF BB BF), UTF-16 LE (FF FE), UTF-16 BE (FE FF).
 * - Without one, text whose every other byte is zero is UTF-16 (LE or BE by which bytes are zero).
 * - Otherwise UTF-8; bytes that are not valid UTF-8 are read as Windows-1252, so "Cortázar"
 *   saved by an old tool is not turned into replacement characters.
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
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { encoding: "utf-8", bomLength: 0 };
  } catch {
    return { encoding: "windows-1252", bomLength: 0 };
  }
}

/** Decodes an import file's bytes to text without its BOM. */
export function decodeImportBytes(input: ArrayBuffer | Uint8Array): string {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const { encoding, bomLength } = detectEncoding(bytes);
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(bomLength));
}
