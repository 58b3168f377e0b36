import { LIBRARY_FULL_MESSAGE, LIBRARY_MAX_BOOKS, libraryCapNotice, withThousands } from "@/lib/books/libraryCap";

describe("libraryCapNotice", () => {
  it("says nothing while the new books fit, up to the last place", () => {
    expect(libraryCapNotice(0, 10_000)).toBeNull();
    expect(libraryCapNotice(LIBRARY_MAX_BOOKS - 120, 120)).toBeNull();
  });

  it("says how many of the new books fit, and what to do, when the file would cross the cap", () => {
    expect(libraryCapNotice(49_990, 120)).toBe(
      "Your library has 49,990 books and can hold at most 50,000, so only 10 of the 120 new books in this file fit. " +
        "Untick 110 of them, or remove some books from your library first; otherwise the import stops at the first part that does not fit.",
    );
    expect(libraryCapNotice(LIBRARY_MAX_BOOKS - 1, 2)).toContain(
      "so only 1 of the 2 new books in this file fit. Untick 1 of them",
    );
  });

  it("says none can be imported into a full library", () => {
    expect(libraryCapNotice(50_000, 1)).toBe(
      "Your library is full: it has 50,000 books, the most it can hold, so none of the 1 new book in this file can be imported. " +
        "Remove some books from your library first.",
    );
  });
});

describe("LIBRARY_FULL_MESSAGE", () => {
  it("names the cap with its thousands separated", () => {
    expect(withThousands(50_000)).toBe("50,000");
    expect(withThousands(999)).toBe("999");
    expect(withThousands(1_234_567)).toBe("1,234,567");
    expect(LIBRARY_FULL_MESSAGE).toBe("Your library is full: it can hold at most 50,000 books. Remove some books to make room.");
  });
});
