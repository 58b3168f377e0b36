import { describe, expect, test } from "vitest";
import { dedupKeyFor, normalizeAuthor, normalizeText, normalizeTitle, stripSeriesSuffix, stripSubtitle } from "@/lib/books/text";

describe("normalizeText", () => {
  test("lower-cases, strips accents and punctuation, spells out & and collapses spaces", () => {
    expect(normalizeText("  Crème   Brûlée & Co.! ")).toBe("creme brulee and co");
    expect(normalizeText("L'Étranger")).toBe("l etranger");
  });

  test("keeps letters and digits of any script", () => {
    expect(normalizeText("1984")).toBe("1984");
    expect(normalizeText("Мастер и Маргарита")).toBe("мастер и маргарита");
    // Accent folding applies to every script (й -> и); harmless for keys, which fold both sides.
    expect(normalizeText("Война и мир")).toBe(normalizeText("Воина и мир"));
  });
});

describe("title helpers", () => {
  test("stripSeriesSuffix removes (Series, #n) and [Series #n] at the end only", () => {
    expect(stripSeriesSuffix("The Final Empire (Mistborn, #1)")).toBe("The Final Empire");
    expect(stripSeriesSuffix("The Mad Moon (The Secrets of Droon, #7.5)")).toBe("The Mad Moon");
    expect(stripSeriesSuffix("Dune [Dune Chronicles #1]")).toBe("Dune");
    expect(stripSeriesSuffix("Catch-22 (Annotated)")).toBe("Catch-22 (Annotated)");
  });

  test("stripSubtitle cuts at ': ' or a spaced dash, not at a hyphen inside a word", () => {
    expect(stripSubtitle("Sapiens: A Brief History of Humankind")).toBe("Sapiens");
    expect(stripSubtitle("Dune - Deluxe Edition")).toBe("Dune");
    expect(stripSubtitle("Catch-22")).toBe("Catch-22");
  });

  test("normalizeTitle drops series, subtitle and a leading article", () => {
    expect(normalizeTitle("The Way of Kings: Book One (The Stormlight Archive, #1)")).toBe("way of kings");
    expect(normalizeTitle("A Game of Thrones")).toBe("game of thrones");
    expect(normalizeTitle("Theory of Everything")).toBe("theory of everything");
  });
});

describe("normalizeAuthor", () => {
  test("turns 'Last, First' into 'first last'", () => {
    expect(normalizeAuthor("Sanderson, Brandon")).toBe("brandon sanderson");
    expect(normalizeAuthor("Brandon Sanderson")).toBe("brandon sanderson");
  });

  test("keeps the letters of initials", () => {
    expect(normalizeAuthor("J.R.R. Tolkien")).toBe("j r r tolkien");
    expect(normalizeAuthor("Tolkien, J.R.R.")).toBe("j r r tolkien");
  });
});

describe("dedupKeyFor", () => {
  test("the same book written differently gets the same key", () => {
    expect(dedupKeyFor("The Way of Kings (The Stormlight Archive, #1)", "Sanderson, Brandon")).toBe(
      dedupKeyFor("Way of Kings", "Brandon Sanderson"),
    );
    expect(dedupKeyFor("Way of Kings", "Brandon Sanderson")).toBe("way of kings|brandon sanderson");
  });

  test("different authors or titles get different keys, and an empty author is allowed", () => {
    expect(dedupKeyFor("Dune", "Frank Herbert")).not.toBe(dedupKeyFor("Dune", "Brian Herbert"));
    expect(dedupKeyFor("Dune", "Frank Herbert")).not.toBe(dedupKeyFor("Dune Messiah", "Frank Herbert"));
    expect(dedupKeyFor("Dune", "")).toBe("dune|");
  });
});
