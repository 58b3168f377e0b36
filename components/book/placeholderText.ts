/**
 * Type size for a stand-in cover's title, so that no word is ever broken in the middle: the title
 * is set no larger than lets its longest word fit on one line of the cover.
 */

/** The width a title line has, in container-query units (the cover less its side margins). */
export const PLACEHOLDER_TEXT_WIDTH_CQW = 78;
/** A generous average width of one character of the serif title face, in em (wide faces included). */
export const PLACEHOLDER_CHAR_WIDTH_EM = 0.68;
/** The title's size when no word constrains it. */
const BASE_CQW = 11;

/** A CSS font-size: 11cqw, or smaller when the longest word would not fit at that size. */
export function placeholderTitleFontSize(title: string): string {
  const longest = Math.max(1, ...title.split(/\s+/).map((word) => [...word].length));
  const fitting = Math.floor((PLACEHOLDER_TEXT_WIDTH_CQW / (PLACEHOLDER_CHAR_WIDTH_EM * longest)) * 100) / 100;
  return `clamp(0.45rem, min(${BASE_CQW}cqw, ${fitting}cqw), 2.25rem)`;
}
