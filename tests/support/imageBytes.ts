/**
 * Files as a reader might upload them: the first bytes of each accepted image format (the
 * signatures their specifications fix, enough for `file-type` to recognise them), and files that
 * are not images although they may be labelled as one (HTML, SVG, PDF). Built here from the
 * format specifications, not copied from anywhere.
 */
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const HEADERS: Record<string, number[]> = {
  // JPEG: SOI + JFIF APP0 segment.
  "image/jpeg": [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii("JFIF"), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
  // PNG: signature, a 1x1 IHDR chunk, IEND.
  "image/png": [
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    0,
    0,
    0,
    13,
    ...ascii("IHDR"),
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    1,
    8,
    6,
    0,
    0,
    0,
    0x1f,
    0x15,
    0xc4,
    0x89,
    0,
    0,
    0,
    0,
    ...ascii("IEND"),
    0xae,
    0x42,
    0x60,
    0x82,
  ],
  "image/gif": [...ascii("GIF89a"), 1, 0, 1, 0, 0, 0, 0, 0x3b],
  // WebP: RIFF container with a VP8 chunk.
  "image/webp": [...ascii("RIFF"), 0x24, 0, 0, 0, ...ascii("WEBPVP8 ")],
  // AVIF: an ISO-BMFF ftyp box with the avif brand.
  "image/avif": [0, 0, 0, 0x1c, ...ascii("ftypavif"), 0, 0, 0, 0, ...ascii("avifmif1miaf")],
  "text/html": ascii("<!DOCTYPE html><html><body><script>document.title='x'</script></body></html>"),
  "image/svg+xml": ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  "application/pdf": ascii("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"),
};

/** `size` bytes (at least the header) whose content is a file of `kind` (a media type listed above), zero-padded. */
export function fileBytes(kind: string, size = 2048): Uint8Array<ArrayBuffer> {
  const header = HEADERS[kind] ?? [7, 7, 7, 7];
  const bytes = new Uint8Array(Math.max(size, header.length));
  bytes.set(header);
  return bytes;
}
