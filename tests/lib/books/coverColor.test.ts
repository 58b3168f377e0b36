import { describe, expect, it } from "vitest";
import { COVER_PALETTE, coverColorFor } from "@/lib/books/coverColor";

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe("coverColorFor", () => {
  it("is deterministic for a title", () => {
    expect(coverColorFor("The Left Hand of Darkness")).toEqual(coverColorFor("The Left Hand of Darkness"));
  });

  it("ignores case and surrounding or repeated white space", () => {
    const base = coverColorFor("Middlemarch: A Study");
    expect(coverColorFor("  middlemarch:   a study ")).toEqual(base);
    expect(coverColorFor("MIDDLEMARCH: A STUDY")).toEqual(base);
  });

  it("returns a palette colour for an empty title", () => {
    const colour = coverColorFor("");
    expect(COVER_PALETTE[colour.index]).toEqual({ background: colour.background, foreground: colour.foreground });
  });

  it("spreads different titles over the palette", () => {
    const titles = Array.from({ length: 200 }, (_, i) => `Volume ${i} of a long series`);
    const used = new Set(titles.map((t) => coverColorFor(t).index));
    // 200 titles over 12 colours: a decent hash uses (nearly) all of them.
    expect(used.size).toBeGreaterThanOrEqual(COVER_PALETTE.length - 1);
  });

  it("keeps every palette pair readable (WCAG AA, 4.5:1)", () => {
    for (const { background, foreground } of COVER_PALETTE) {
      expect(contrast(background, foreground)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("handles titles outside the Basic Latin range", () => {
    const colour = coverColorFor("Сто лет одиночества 📚");
    expect(colour.index).toBeGreaterThanOrEqual(0);
    expect(colour.index).toBeLessThan(COVER_PALETTE.length);
  });
});
