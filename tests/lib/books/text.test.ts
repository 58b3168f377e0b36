import { describe, expect, test } from "vitest";
import {
  dedupKeyFor,
  dedupTitleKey,
  normalizeAuthor,
  normalizeText,
  normalizeTitle,
  stripSeriesSuffix,
  stripSubtitle,
} from "@/lib/books/text";

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

describe("dedupKeyFor keeps distinct books distinct (invariant 10)", () => {
  test("keeps the whole title: a subtitle after a colon or a spaced dash tells two books apart", () => {
    expect(dedupKeyFor("Dune: House Atreides", "Brian Herbert")).not.toBe(dedupKeyFor("Dune: House Harkonnen", "Brian Herbert"));
    expect(dedupKeyFor("Dune: House Atreides", "Brian Herbert")).not.toBe(dedupKeyFor("Dune", "Brian Herbert"));
    expect(dedupKeyFor("Foundation - The Graphic Novel", "A")).not.toBe(dedupKeyFor("Foundation", "A"));
    expect(dedupTitleKey("Dune: House Atreides")).toBe("dune house atreides");
  });

  test("treats symbols and emoji as text, and two different emoji titles differ", () => {
    expect(dedupTitleKey("📚")).toBe("📚");
    expect(dedupKeyFor("📚", "A")).not.toBe(dedupKeyFor("📖", "A"));
    expect(dedupKeyFor("C++ Primer", "A")).not.toBe(dedupKeyFor("C Primer", "A"));
    expect(dedupKeyFor("Dune 🏜️", "A")).not.toBe(dedupKeyFor("Dune", "A"));
  });

  test("a punctuation-only title is not the empty key, and different punctuation differs", () => {
    expect(dedupTitleKey("!!!")).toBe("!!!");
    expect(dedupTitleKey("?")).toBe("?");
    expect(dedupKeyFor("!!!", "A")).not.toBe(dedupKeyFor("?", "A"));
    expect(dedupKeyFor("!!!", "A")).not.toBe(dedupKeyFor("", "A"));
  });

  test("still ignores what does not make another book: case, accents, punctuation, series suffix, Last, First", () => {
    expect(dedupKeyFor("LES MISÉRABLES", "Hugo, Victor")).toBe(dedupKeyFor("Les Misérables", "Victor Hugo"));
    expect(dedupKeyFor("Dune: House Atreides (Prelude to Dune, #1)", "Herbert, Brian")).toBe(
      dedupKeyFor("Dune - House Atreides", "Brian Herbert"),
    );
  });

  test("keys on the first of several authors joined with & or ;", () => {
    expect(dedupKeyFor("Good Omens", "Terry Pratchett & Neil Gaiman")).toBe(dedupKeyFor("Good Omens", "Terry Pratchett"));
    expect(dedupKeyFor("Good Omens", "Pratchett, Terry; Gaiman, Neil")).toBe(dedupKeyFor("Good Omens", "Terry Pratchett"));
  });

  test("leaves normalizeTitle (the cover matcher's view) as it was: subtitle and series cut", () => {
    expect(normalizeTitle("Dune: House Atreides")).toBe("dune");
    expect(normalizeTitle("!!!")).toBe("");
  });
});
