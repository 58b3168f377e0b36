import { describe, expect, test } from "vitest";
import {
  authorsMatch,
  candidateMatches,
  matchScore,
  namesMatch,
  splitAuthorNames,
  titleMatchScore,
  type MatchBook,
  type MatchCandidate,
} from "@/lib/cover/match";

const book = (title: string, author: string): MatchBook => ({ title, author });
const cand = (title: string, authors: string[], subtitle?: string): MatchCandidate => ({ title, authors, subtitle });

describe("candidateMatches: the same book written differently", () => {
  test.each<[string, MatchBook, MatchCandidate]>([
    ["identical", book("Dune", "Frank Herbert"), cand("Dune", ["Frank Herbert"])],
    ["case and punctuation", book("CATCH-22", "joseph heller"), cand("Catch 22", ["Joseph Heller"])],
    ["accents", book("Cien años de soledad", "Gabriel García Márquez"), cand("Cien Anos de Soledad", ["Gabriel Garcia Marquez"])],
    ["& vs and", book("Pride & Prejudice", "Jane Austen"), cand("Pride and Prejudice", ["Jane Austen"])],
    ["leading article", book("Hobbit", "J.R.R. Tolkien"), cand("The Hobbit", ["J. R. R. Tolkien"])],
    [
      "Goodreads series suffix",
      book("The Fellowship of the Ring (The Lord of the Rings, #1)", "J.R.R. Tolkien"),
      cand("The Fellowship of the Ring", ["J. R. R. Tolkien"]),
    ],
    [
      "series suffix with a decimal number",
      book("The Moon Scroll (The Secrets of Droon, #7.5)", "Tony Abbott"),
      cand("The Moon Scroll", ["Tony Abbott"]),
    ],
    [
      "book has a subtitle, candidate not",
      book("Sapiens: A Brief History of Humankind", "Yuval Noah Harari"),
      cand("Sapiens", ["Yuval Noah Harari"]),
    ],
    [
      "candidate's subtitle in its own field",
      book("Sapiens", "Yuval Noah Harari"),
      cand("Sapiens", ["Yuval Noah Harari"], "A Brief History of Humankind"),
    ],
    [
      "same subtitle, one in its own field",
      book("Sapiens: A Brief History of Humankind", "Yuval Noah Harari"),
      cand("Sapiens", ["Yuval Noah Harari"], "A Brief History of Humankind"),
    ],
    [
      "shortened subtitle",
      book("Thinking, Fast and Slow: A Guide", "Daniel Kahneman"),
      cand("Thinking, Fast and Slow: A Guide to Thinking", ["Daniel Kahneman"]),
    ],
    ["dash subtitle", book("Dune - Deluxe Edition", "Frank Herbert"), cand("Dune", ["Frank Herbert"])],
    ["edition qualifier", book("Dune (40th Anniversary Edition)", "Frank Herbert"), cand("Dune", ["Frank Herbert"])],
    [
      "Last, First",
      book("The Left Hand of Darkness", "Le Guin, Ursula K."),
      cand("The Left Hand of Darkness", ["Ursula K. Le Guin"]),
    ],
    ["packed initials", book("The Hobbit", "JRR Tolkien"), cand("The Hobbit", ["J. R. R. Tolkien"])],
    ["initials without spaces", book("The Hobbit", "J.R.R. Tolkien"), cand("The Hobbit", ["J. R. R. Tolkien"])],
    ["initials vs full names", book("The Hobbit", "John Ronald Reuel Tolkien"), cand("The Hobbit", ["J.R.R. Tolkien"])],
    [
      "middle initial omitted",
      book("A Wizard of Earthsea", "Ursula Le Guin"),
      cand("A Wizard of Earthsea", ["Ursula K. Le Guin"]),
    ],
    [
      "surname written as one word",
      book("A Wizard of Earthsea", "Ursula K. LeGuin"),
      cand("A Wizard of Earthsea", ["Ursula K. Le Guin"]),
    ],
    ["surname first without comma", book("The Hobbit", "Tolkien J.R.R."), cand("The Hobbit", ["J. R. R. Tolkien"])],
    ["Jr. suffix", book("Strength to Love", "Martin Luther King Jr."), cand("Strength to Love", ["Martin Luther King"])],
    [
      "Last, First, Jr.",
      book("Strength to Love", "King, Martin Luther, Jr."),
      cand("Strength to Love", ["Martin Luther King Jr."]),
    ],
    [
      "role annotation",
      book("Crime and Punishment", "Fyodor Dostoevsky"),
      cand("Crime and Punishment", ["Fyodor Dostoevsky (Author)"]),
    ],
    ["family name first", book("Norwegian Wood", "Murakami Haruki"), cand("Norwegian Wood", ["Haruki Murakami"])],
    [
      "one of several candidate authors",
      book("Good Omens", "Neil Gaiman"),
      cand("Good Omens", ["Terry Pratchett", "Neil Gaiman"]),
    ],
    [
      "book lists several authors with a comma",
      book("Good Omens", "Terry Pratchett, Neil Gaiman"),
      cand("Good Omens", ["Neil Gaiman"]),
    ],
    [
      "book lists several authors with &",
      book("Good Omens", "Neil Gaiman & Terry Pratchett"),
      cand("Good Omens", ["Terry Pratchett"]),
    ],
    [
      "book lists several authors with and",
      book("Good Omens", "Neil Gaiman and Terry Pratchett"),
      cand("Good Omens", ["Terry Pratchett"]),
    ],
    ["mononym", book("The Odyssey", "Homer"), cand("The Odyssey", ["Homer"])],
  ])("%s", (_why, b, c) => {
    expect(candidateMatches(b, c)).toBe(true);
  });
});

describe("candidateMatches: near misses are rejected (no cover beats a wrong cover)", () => {
  test.each<[string, MatchBook, MatchCandidate]>([
    [
      "same title, another author",
      book("The Left Hand of Darkness", "Ursula K. Le Guin"),
      cand("The Left Hand of Darkness", ["SparkNotes"]),
    ],
    [
      "same title and surname, another first name",
      book("The Nightingale", "Kristin Hannah"),
      cand("The Nightingale", ["Sophie Hannah"]),
    ],
    ["initial that does not fit", book("Collected Poems", "J. Smith"), cand("Collected Poems", ["K. Smith"])],
    ["surname only on the candidate", book("It", "Stephen King"), cand("It", ["King"])],
    ["candidate without authors", book("Dune", "Frank Herbert"), cand("Dune", [])],
    ["sequel", book("Dune", "Frank Herbert"), cand("Dune Messiah", ["Frank Herbert"])],
    [
      "the same author's graphic novel adaptation",
      book("A Wrinkle in Time", "Madeleine L'Engle"),
      cand("A Wrinkle in Time: The Graphic Novel", ["Madeleine L'Engle", "Hope Larson"]),
    ],
    ["an adaptation named in a qualifier", book("Coraline", "Neil Gaiman"), cand("Coraline (Graphic Novel)", ["Neil Gaiman"])],
    [
      "a study guide in the subtitle field",
      book("Beloved", "Toni Morrison"),
      { title: "Beloved", subtitle: "Study Guide", authors: ["Toni Morrison"] },
    ],
    [
      "the original when the reader has the adaptation",
      book("Coraline: The Graphic Novel", "Neil Gaiman"),
      cand("Coraline", ["Neil Gaiman"]),
    ],
    [
      "another volume of the series",
      book("Harry Potter and the Chamber of Secrets (Harry Potter, #2)", "J.K. Rowling"),
      cand("Harry Potter and the Prisoner of Azkaban", ["J. K. Rowling"]),
    ],
    [
      "regional title variant",
      book("Harry Potter and the Sorcerer's Stone", "J.K. Rowling"),
      cand("Harry Potter and the Philosopher's Stone", ["J. K. Rowling"]),
    ],
    [
      "same main title, different subtitles",
      book("Star Wars: Heir to the Empire", "Timothy Zahn"),
      cand("Star Wars: Dark Force Rising", ["Timothy Zahn"]),
    ],
    ["different parenthetical parts", book("Foundation (Part 1)", "Isaac Asimov"), cand("Foundation (Part 2)", ["Isaac Asimov"])],
    [
      "a book about the book",
      book("The Left Hand of Darkness", "Ursula K. Le Guin"),
      cand("Ursula K. Le Guin's The Left Hand of Darkness", ["Harold Bloom"]),
    ],
    [
      "a study guide naming the book and author in its subtitle",
      book("The Name of the Wind", "Patrick Rothfuss"),
      cand("Study Guide", ["SuperSummary"], "The Name of the Wind by Patrick Rothfuss"),
    ],
    [
      "title contained in a longer title",
      book("Emma", "Jane Austen"),
      cand("Emma and the Vampires", ["Jane Austen", "Wayne Josephson"]),
    ],
    ["empty book title", book("  ", "Frank Herbert"), cand("Dune", ["Frank Herbert"])],
    ["empty book author", book("Dune", ""), cand("Dune", ["Frank Herbert"])],
    ["punctuation-only title", book("???", "Frank Herbert"), cand("!!!", ["Frank Herbert"])],
  ])("%s", (_why, b, c) => {
    expect(candidateMatches(b, c)).toBe(false);
    expect(matchScore(b, c)).toBe(0);
  });
});

describe("matchScore", () => {
  test("an exact title scores higher than a title matched without its subtitle", () => {
    const b = book("Sapiens: A Brief History of Humankind", "Yuval Noah Harari");
    const exact = matchScore(b, cand("Sapiens: A Brief History of Humankind", ["Yuval Noah Harari"]));
    const partial = matchScore(b, cand("Sapiens", ["Yuval Noah Harari"]));
    expect(exact).toBe(1);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(exact);
  });

  test("tolerates malformed candidates from upstream JSON", () => {
    const b = book("Dune", "Frank Herbert");
    expect(matchScore(b, { title: undefined as unknown as string, authors: ["Frank Herbert"] })).toBe(0);
    expect(matchScore(b, { title: "Dune", authors: null as unknown as string[] })).toBe(0);
    expect(matchScore(b, { title: "Dune", authors: [42 as unknown as string, "Frank Herbert"] })).toBe(1);
  });
});

describe("building blocks", () => {
  test("titleMatchScore ignores a series suffix on either side", () => {
    expect(titleMatchScore("Mort", "Mort (Discworld, #4)")).toBe(1);
    expect(titleMatchScore("Mort (Discworld, #4)", "Mort")).toBe(1);
  });

  test("splitAuthorNames reads 'Last, First' as one name and full names as several", () => {
    expect(splitAuthorNames("Pratchett, Terry")).toEqual(["Terry Pratchett"]);
    expect(splitAuthorNames("Neil Gaiman, Terry Pratchett")).toEqual(expect.arrayContaining(["Neil Gaiman", "Terry Pratchett"]));
    expect(splitAuthorNames("A. Author; B. Writer")).toEqual(["A. Author", "B. Writer"]);
  });

  test("namesMatch", () => {
    expect(namesMatch("J. K. Rowling", "Joanne Kathleen Rowling")).toBe(true);
    expect(namesMatch("J. K. Rowling", "J. Rowling")).toBe(true);
    expect(namesMatch("Joanne Rowling", "Kathleen Rowling")).toBe(false);
    expect(namesMatch("Rowling", "J. K. Rowling")).toBe(false);
  });

  test("authorsMatch needs at least one shared person", () => {
    expect(authorsMatch("Stephen King & Peter Straub", ["Peter Straub"])).toBe(true);
    expect(authorsMatch("Stephen King & Peter Straub", ["Owen King"])).toBe(false);
  });
});

describe("author fields seen in real data", () => {
  test("'A B, C D' is two people unless it reads as 'Last, First'", () => {
    expect(splitAuthorNames("Amal El-Mohtar, Max Gladstone")).toEqual(["Amal El-Mohtar", "Max Gladstone"]);
    expect(splitAuthorNames("Le Guin, Ursula K.")).toEqual(["Ursula K. Le Guin"]);
    expect(splitAuthorNames("Tolkien, J. R. R.")).toEqual(["J. R. R. Tolkien"]);
    expect(splitAuthorNames("Tolstoy, Leo, graf")).toEqual(["Leo Tolstoy"]);
  });

  test("a two-word surname first still matches the one person", () => {
    expect(authorsMatch("García Márquez, Gabriel José", ["Gabriel José García Márquez"])).toBe(true);
  });

  test.each([
    ["graf Leo Tolstoy", "Leo Tolstoy"],
    ["Count Leo Tolstoy", "Leo Tolstoy"],
    ["Sir Terry Pratchett", "Terry Pratchett"],
    ["Dame Agatha Christie", "Agatha Christie"],
    ["Lord Dunsany", "Lord Dunsany"],
  ])("honorifics and nobility particles: %s = %s", (a, b) => {
    expect(namesMatch(a, b)).toBe(true);
  });

  test("a surname-only field matches on the reader's side only", () => {
    expect(authorsMatch("Tolkien", ["J.R.R. Tolkien"])).toBe(true);
    expect(authorsMatch("Le Guin", ["Ursula K. Le Guin"])).toBe(true);
    expect(authorsMatch("Tolkien", ["Christopher Paolini"])).toBe(false);
    expect(authorsMatch("J.R.R. Tolkien", ["Tolkien"])).toBe(false);
  });
});
