/**
 * Generated stand-in cover images: a jacket colour, a simple illustration and a title panel, as a
 * real PNG (pngjs). The offline backend serves them for the volumes of its emulated catalogue, so a
 * wall fills with covers that are visibly "found" (unlike the app's own typographic placeholder)
 * without any network — and, being raster images of a cover's shape, they pass the server's own
 * check (`checkCoverImage` refuses SVG), so a reported cover is re-checked offline as it would be
 * against a real source. The title and author are the tile's text and alt, not drawn here.
 */
import { PNG } from "pngjs";
import type { CoverArt } from "../../scripts/bench/openCatalogue";
import { hashString } from "../../scripts/bench/model";

/**
 * A stand-in's size: a cover's 2:3 shape, kept small because the backend draws each one on its
 * one thread while a wall loads (about 2 ms each here); still well above the check's smallest
 * cover (60 px).
 */
export const STANDIN_WIDTH = 120;
export const STANDIN_HEIGHT = 180;

type Rgb = readonly [number, number, number];

/** Deep jacket colours with a light ink and a bright accent for the illustration. */
const JACKETS: readonly (readonly [Rgb, Rgb, Rgb])[] = [
  [
    [0x0f, 0x4c, 0x5c],
    [0xf2, 0xe9, 0xd8],
    [0xe3, 0x64, 0x14],
  ],
  [
    [0x5f, 0x0f, 0x40],
    [0xfb, 0xe8, 0xef],
    [0xfb, 0x8b, 0x24],
  ],
  [
    [0x26, 0x40, 0x27],
    [0xee, 0xf3, 0xdf],
    [0xb5, 0xc9, 0x9a],
  ],
  [
    [0x3c, 0x16, 0x42],
    [0xf3, 0xe6, 0xf7],
    [0x1d, 0xd3, 0xb0],
  ],
  [
    [0x7a, 0x3b, 0x10],
    [0xff, 0xf1, 0xe0],
    [0xf4, 0xd3, 0x5e],
  ],
  [
    [0x1b, 0x26, 0x3b],
    [0xe8, 0xee, 0xf7],
    [0xe0, 0xa4, 0x58],
  ],
  [
    [0x6b, 0x27, 0x37],
    [0xfb, 0xea, 0xec],
    [0xf7, 0xb2, 0x67],
  ],
  [
    [0x2f, 0x48, 0x58],
    [0xe9, 0xf1, 0xf4],
    [0xf6, 0xae, 0x2d],
  ],
];

/** Which of the three illustrations covers the point (x, y in 0..1 of the jacket), if any. */
function motifAt(kind: number, x: number, y: number): "accent" | "ink" | null {
  switch (kind) {
    case 0: // a sun over hills
      if (y > 0.5 + 0.06 * Math.sin(x * 7) && y < 0.56 + 0.06 * Math.sin(x * 7)) return "ink";
      return (x - 0.5) ** 2 + ((y - 0.28) * 1.5) ** 2 < 0.055 ? "accent" : null;
    case 1: // diagonal bands
      if (x + y > 0.55 && x + y < 0.75) return "accent";
      return x + y > 0.85 && x + y < 0.92 && y < 0.55 ? "ink" : null;
    default: // mountains under a moon
      if ((x - 0.75) ** 2 + ((y - 0.15) * 1.5) ** 2 < 0.01) return "ink";
      return y > 0.55 - 0.3 * (1 - Math.abs(((x * 2.2) % 1) - 0.5) * 2) && y < 0.55 ? "accent" : null;
  }
}

/** Bars where a title and an author line would be (their lengths follow the title's and author's). */
function textBars(art: CoverArt): (x: number, y: number) => boolean {
  const titleWidth = Math.min(0.8, 0.25 + art.title.length * 0.025);
  const authorWidth = Math.min(0.6, 0.15 + art.authors.join(" ").length * 0.015);
  const inBar = (x: number, y: number, top: number, height: number, width: number) =>
    y >= top && y < top + height && Math.abs(x - 0.5) < width / 2;
  return (x, y) =>
    inBar(x, y, 0.66, 0.05, titleWidth) || inBar(x, y, 0.74, 0.05, titleWidth * 0.7) || inBar(x, y, 0.88, 0.025, authorWidth);
}

/** The stand-in cover of a book, as PNG bytes: the same book always gets the same picture. */
export function coverPng(art: CoverArt): Buffer {
  const key = `${art.title}|${art.authors.join(",")}`;
  const [background, ink, accent] = JACKETS[hashString(key) % JACKETS.length];
  const kind = hashString(`motif:${key}`) % 3;
  const textBarAt = textBars(art);
  const png = new PNG({ width: STANDIN_WIDTH, height: STANDIN_HEIGHT, colorType: 2 });
  for (let py = 0; py < STANDIN_HEIGHT; py++) {
    for (let px = 0; px < STANDIN_WIDTH; px++) {
      const x = px / STANDIN_WIDTH;
      const y = py / STANDIN_HEIGHT;
      const paint = textBarAt(x, y) ? "ink" : motifAt(kind, x, y);
      const [r, g, b] = paint === "ink" ? ink : paint === "accent" ? accent : background;
      const at = (py * STANDIN_WIDTH + px) * 4;
      png.data[at] = r;
      png.data[at + 1] = g;
      png.data[at + 2] = b;
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}

/** Stand-ins already drawn (a wall asks the same covers again), at most this many kept. */
const CACHE_MAX = 2_000;
const cache = new Map<string, Buffer>();

/** `coverPng`, remembered per cover (`gb:<volume id>` or `ol:<cover id>`). */
export function cachedCoverPng(coverKey: string, art: CoverArt): Buffer {
  const hit = cache.get(coverKey);
  if (hit) return hit;
  const bytes = coverPng(art);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(coverKey, bytes);
  return bytes;
}
