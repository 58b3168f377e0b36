import { describe, expect, test } from "vitest";
import { isbnSearchUrl, OPEN_LIBRARY_ISBN_SEARCH_FIELDS, readIsbnSearch } from "@/lib/cover/sources/openLibrary/isbnSearch";
import captured from "../../fixtures/openlibrary/search-isbn-batch.json";

const ol = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;
/** The 26 ISBNs the captured request asked about. */
const ASKED = /isbn:\((.*)\)/.exec(captured.q)![1].split(" OR ");

describe("readIsbnSearch on a real answer for 26 ISBNs", () => {
  const answers = readIsbnSearch(captured, ASKED)!;

  test("maps each work back to the ISBN its matched edition lists: the edition's cover first, then the work's", () => {
    expect(answers.get("9780747532699")?.covers.map((c) => c.url)).toEqual([ol(7355968), ol(15155833)]);
    // Listed among the edition's ISBNs with others (ISBN-10s and other printings).
    expect(answers.get("9780441172719")?.covers.map((c) => c.url)).toEqual([ol(7885536), ol(11481354)]);
  });

  test("an edition without a cover gets its work's", () => {
    expect(answers.get("9780140306941")?.covers.map((c) => c.url)).toEqual([ol(6498990)]);
  });

  test("one ISBN matching two works (a single volume and a box set) keeps both, in answer order", () => {
    expect(answers.get("9780345339706")?.covers.map((c) => c.url)).toEqual([ol(14625981), ol(14627060), ol(14625765)]);
  });

  test("an ISBN Open Library does not know is absent; one it knows without any cover is known with none", () => {
    expect(answers.has("9791099999993")).toBe(false);
    expect(answers.get("9780000000002")).toEqual({ covers: [] });
    expect(answers.size).toBe(25);
  });

  test("without titles in the answer (this capture asked for none) the covers carry none", () => {
    expect(answers.get("9780747532699")?.covers[0].titles).toEqual([]);
  });

  test("is null for an answer that is not a search answer", () => {
    expect(readIsbnSearch({ error: "x" }, ASKED)).toBeNull();
  });
});

describe("isbnSearchUrl", () => {
  test("asks for up to 50 ISBNs as one OR query, with the work's and matched edition's key, title, cover and ISBNs", () => {
    const url = new URL(isbnSearchUrl(["9780747532699", "9780141439518"]));
    expect(url.origin + url.pathname).toBe("https://openlibrary.org/search.json");
    expect(url.searchParams.get("q")).toBe("isbn:(9780747532699 OR 9780141439518)");
    expect(url.searchParams.get("fields")).toBe(OPEN_LIBRARY_ISBN_SEARCH_FIELDS);
    expect(OPEN_LIBRARY_ISBN_SEARCH_FIELDS.split(",")).toEqual(
      expect.arrayContaining(["key", "cover_i", "editions", "editions.cover_i", "editions.isbn", "title", "editions.title"]),
    );
  });
});
