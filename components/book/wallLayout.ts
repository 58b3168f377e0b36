/**
 * Geometry of the wall of covers: how many tiles fit in a row of the list's width and how tall a
 * row is. Every tile of a width has the same 2:3 box, so a row's height is known before any cover
 * loads and nothing shifts when one arrives.
 */

/** Tiles are at least 7.5rem wide on narrow screens and 9rem on wider ones (16px rem). */
const NARROW = { minTile: 120, gapX: 16, gapY: 24 };
const WIDE = { minTile: 144, gapX: 24, gapY: 32 };
/** List width from which the wider tiles apply (about Tailwind's `sm` less the page padding). */
export const WIDE_LIST_FROM = 560;
/** Used until the list has been measured (and where nothing is laid out, e.g. jsdom). */
export const UNMEASURED_LIST_WIDTH = 960;
/**
 * The line under each cover (the rating, or why a book has no cover): below the cover, never over
 * it, so it hides no part of a cover's art or author line.
 */
export const TILE_CAPTION_HEIGHT = 22;

export interface WallLayout {
  columns: number;
  tileWidth: number;
  /** The cover (2:3) and the caption line under it. */
  tileHeight: number;
  gapX: number;
  /** Distance from one row's top to the next: a tile plus the gap below it. */
  rowHeight: number;
}

export function wallLayout(listWidth: number): WallLayout {
  const width = listWidth > 0 ? listWidth : UNMEASURED_LIST_WIDTH;
  const { minTile, gapX, gapY } = width >= WIDE_LIST_FROM ? WIDE : NARROW;
  const columns = Math.max(1, Math.floor((width + gapX) / (minTile + gapX)));
  const tileWidth = (width - gapX * (columns - 1)) / columns;
  const tileHeight = Math.round(tileWidth * 1.5) + TILE_CAPTION_HEIGHT;
  return { columns, tileWidth, tileHeight, gapX, rowHeight: tileHeight + gapY };
}

/**
 * Where an arrow, Home/End or Page key moves the focus in a wall of `count` tiles, or null when the
 * key does not move it. May return `count` (one past the last loaded tile) so the caller can load on.
 */
export function movedIndex(key: string, index: number, count: number, columns: number, rowsPerPage: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  switch (key) {
    case "ArrowRight":
      return Math.min(index + 1, count);
    case "ArrowLeft":
      return Math.max(index - 1, 0);
    case "ArrowDown":
      return index + columns > last
        ? Math.floor(index / columns) === Math.floor(last / columns)
          ? count
          : last
        : index + columns;
    case "ArrowUp":
      return index - columns < 0 ? index : index - columns;
    case "PageDown":
      return Math.min(index + columns * rowsPerPage, last);
    case "PageUp":
      return Math.max(index - columns * rowsPerPage, 0);
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return null;
  }
}
