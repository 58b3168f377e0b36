import { decodeImportBytes } from "@/lib/import";

/** The bytes of a chosen file: `Blob.arrayBuffer()`, or a FileReader where it is missing (older browsers, jsdom). */
function readBytes(file: Blob): Promise<ArrayBuffer> {
  if (typeof file.arrayBuffer === "function") return file.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      reader.result instanceof ArrayBuffer ? resolve(reader.result) : reject(new Error("The file could not be read."));
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    reader.readAsArrayBuffer(file);
  });
}

/**
 * The text of a chosen file, decoded as lib/import/decode.ts describes: UTF-8, UTF-16 (with or
 * without a BOM) or Windows-1252. `File.text()` would read everything as UTF-8 and turn a UTF-16
 * export into NUL-riddled text.
 */
export async function readFileText(file: Blob): Promise<string> {
  return decodeImportBytes(await readBytes(file));
}
