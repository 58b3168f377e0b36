import { describe, expect, test } from "vitest";
import {
  addedAtFor,
  authorSortKey,
  listingKeysFor,
  searchTextFor,
  shelfKeyFor,
  SORT_KEY_MAX_LENGTH,
  titleSortKey,
} from "@/lib/books/listingKeys";

function sortBy(key: (s: string) => string, values: string[]): string[] {
  return [...values].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

describe("titleSortKey", () => {
  test("ignores case, accents, punctuation and a leading article", () => {
    expect(titleSortKey("The Hobbit")).toBe("hobbit");
    expect(titleSortKey("A Wizard of Earthsea")).toBe("wizard of earthsea");
    expect(titleSortKey("Émile, or On Education")).toBe("emile or on education");
    // An article that is the whole title, or part of a word, stays.
    expect(titleSortKey("Theory of Everything")).toBe("theory of everything");
    expect(titleSortKey("A")).toBe("a");
  });

  test("orders numbers by value", () => {
    expect(sortBy(titleSortKey, ["Book 10", "Book 9", "Book 100", "Book 09a"])).toEqual([
      "Book 9",
      "Book 09a",
      "Book 10",
      "Book 100",
    ]);
  });

  test("keeps a title of only symbols or emoji distinct and non-empty", () => {
    expect(titleSortKey("!!!")).toBe("!!!");
    expect(titleSortKey("📚")).not.toBe(titleSortKey("🐉"));
  });

  test("is clipped so it stays small in every index", () => {
    expect([...titleSortKey("x".repeat(300))]).toHaveLength(SORT_KEY_MAX_LENGTH);
  });
});

describe("authorSortKey", () => {
  test("sorts by surname, with its particles, ignoring suffixes", () => {
    expect(authorSortKey("Frank Herbert")).toBe("herbert frank");
    expect(authorSortKey("Ursula K. Le Guin")).toBe("le guin ursula k");
    expect(authorSortKey("Ludwig van Beethoven")).toBe("van beethoven ludwig");
    expect(authorSortKey("Martin Luther King Jr.")).toBe("king martin luther");
    expect(authorSortKey("Homer")).toBe("homer");
    expect(authorSortKey("")).toBe("");
  });

  test("reads 'Last, First' as one person and 'A B, C D' as two", () => {
    expect(authorSortKey("Herbert, Frank")).toBe("herbert frank");
    expect(authorSortKey("Le Guin, Ursula K.")).toBe("le guin ursula k");
    expect(authorSortKey("Tolkien, J. R. R.")).toBe("tolkien j r r");
    expect(authorSortKey("Amal El-Mohtar, Max Gladstone")).toBe("elmohtar amal");
    expect(authorSortKey("Flann O'Brien")).toBe("obrien flann");
  });

  test("only the first of several authors counts", () => {
    expect(authorSortKey("Terry Pratchett & Neil Gaiman")).toBe("pratchett terry");
    expect(authorSortKey("Terry Pratchett and Neil Gaiman")).toBe("pratchett terry");
    expect(authorSortKey("Andrew Smith")).toBe("smith andrew");
  });

  test("orders a shelf of authors as a bookshop would", () => {
    expect(sortBy(authorSortKey, ["Zadie Smith", "Isaac Asimov", "Ursula K. Le Guin", "Iain M. Banks"])).toEqual([
      "Isaac Asimov",
      "Iain M. Banks",
      "Ursula K. Le Guin",
      "Zadie Smith",
    ]);
  });
});

describe("addedAtFor", () => {
  test("uses an imported date added (UTC midnight), else when the book was created", () => {
    expect(addedAtFor("2021-03-14", 5)).toBe(Date.UTC(2021, 2, 14));
    expect(addedAtFor(undefined, 5)).toBe(5);
    expect(addedAtFor("14/03/2021", 5)).toBe(5);
  });
});

describe("search text, shelf keys and the combined keys", () => {
  test("search text holds title and author", () => {
    expect(searchTextFor("Dune", "Frank Herbert")).toBe("Dune Frank Herbert");
    expect(searchTextFor("Beowulf", "")).toBe("Beowulf");
  });

  test("shelves differing only in case or spaces are one shelf", () => {
    expect(shelfKeyFor(" Fantasy ")).toBe(shelfKeyFor("fantasy"));
    expect(shelfKeyFor("Sci-Fi")).not.toBe(shelfKeyFor("SciFi"));
  });

  test("listingKeysFor combines them", () => {
    expect(listingKeysFor({ title: "The Dune", author: "Frank Herbert", createdAt: 7 })).toEqual({
      titleKey: "dune",
      authorKey: "herbert frank",
      searchText: "The Dune Frank Herbert",
      addedAt: 7,
    });
  });
});
