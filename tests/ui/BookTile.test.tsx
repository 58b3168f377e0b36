import { fireEvent, render, screen } from "@testing-library/react";
import type { Id } from "@/convex/_generated/dataModel";
import { BookGrid } from "@/components/book/BookGrid";
import { BookTile, type BookTileData } from "@/components/book/BookTile";

const OWN = "https://example-storage.convex.cloud/api/storage/own-cover";
const FOUND = "https://covers.openlibrary.org/b/id/8739161-L.jpg";

function book(overrides: Partial<BookTileData> = {}): BookTileData {
  return {
    _id: "book1" as Id<"books">,
    title: "Fantastic Mr Fox",
    author: "Roald Dahl",
    status: "read",
    ...overrides,
  };
}

describe("BookTile", () => {
  it("shows a typographic placeholder with title and author when there is no cover", () => {
    render(<BookTile book={book()} />);
    expect(screen.queryByRole("img", { name: "Cover of Fantastic Mr Fox" })).toBeInTheDocument();
    expect(document.querySelector("img")).toBeNull();
    const placeholder = screen.getByTestId("cover-placeholder");
    expect(placeholder).toHaveTextContent("Fantastic Mr Fox");
    expect(placeholder).toHaveTextContent("Roald Dahl");
    // Coloured from the title, never a blank box.
    expect(placeholder.style.backgroundColor).not.toBe("");
  });

  it("shows the found cover when the book has only an API cover", () => {
    render(<BookTile book={book({ apiCoverUrl: FOUND })} />);
    const img = screen.getByRole("img", { name: "Cover of Fantastic Mr Fox" });
    expect(img.tagName).toBe("IMG");
    expect(img).toHaveAttribute("src", FOUND);
    expect(img).toHaveAttribute("loading", "lazy");
    expect(img).toHaveAttribute("decoding", "async");
    expect(img).toHaveAttribute("width", "400");
    expect(img).toHaveAttribute("height", "600");
    expect(screen.queryByTestId("cover-placeholder")).toBeNull();
  });

  it("prefers the reader's own cover over the found one", () => {
    render(<BookTile book={book({ coverUrl: OWN, apiCoverUrl: FOUND })} />);
    expect(screen.getByRole("img", { name: "Cover of Fantastic Mr Fox" })).toHaveAttribute("src", OWN);
  });

  it("falls back to the placeholder when the image fails to load", () => {
    render(<BookTile book={book({ apiCoverUrl: FOUND })} />);
    fireEvent.error(screen.getByRole("img", { name: "Cover of Fantastic Mr Fox" }));
    expect(document.querySelector("img")).toBeNull();
    expect(screen.getByTestId("cover-placeholder")).toHaveTextContent("Fantastic Mr Fox");
  });

  it("falls back from a broken own cover to the found cover, then to the placeholder", () => {
    render(<BookTile book={book({ coverUrl: OWN, apiCoverUrl: FOUND })} />);
    fireEvent.error(screen.getByRole("img", { name: "Cover of Fantastic Mr Fox" }));
    const next = screen.getByRole("img", { name: "Cover of Fantastic Mr Fox" });
    expect(next).toHaveAttribute("src", FOUND);
    fireEvent.error(next);
    expect(document.querySelector("img")).toBeNull();
    expect(screen.getByTestId("cover-placeholder")).toBeInTheDocument();
  });

  it("shows a new cover URL again after an earlier one failed", () => {
    const { rerender } = render(<BookTile book={book({ apiCoverUrl: FOUND })} />);
    fireEvent.error(screen.getByRole("img", { name: "Cover of Fantastic Mr Fox" }));
    rerender(<BookTile book={book({ apiCoverUrl: FOUND, coverUrl: OWN })} />);
    expect(screen.getByRole("img", { name: "Cover of Fantastic Mr Fox" })).toHaveAttribute("src", OWN);
  });

  it("links to the book's page and names the author for assistive tech", () => {
    render(<BookTile book={book()} />);
    const link = screen.getByRole("link");
    expect(link).toHaveAttribute("href", "/library/books/book1");
    expect(link).toHaveAccessibleName(/Cover of Fantastic Mr Fox.*by Roald Dahl/);
  });

  it("says it is finding a cover while a lookup runs", () => {
    const { rerender } = render(<BookTile book={book()} lookingForCover />);
    expect(screen.getByText("Finding cover…")).toBeInTheDocument();
    expect(screen.getByRole("link")).toHaveAccessibleName(/finding a cover/);
    // A wall of tiles is not a wall of live regions: nothing here announces itself.
    expect(screen.queryByRole("status")).toBeNull();
    rerender(<BookTile book={book()} />);
    expect(screen.queryByText("Finding cover…")).toBeNull();
    expect(screen.getByRole("link")).not.toHaveAccessibleName(/finding a cover/);
  });
});

describe("BookTile rating", () => {
  it("shows quarter stars over the cover and names the rating in the link", () => {
    const { container } = render(<BookTile book={book({ rating: 3.75 })} />);
    const link = screen.getByRole("link");
    expect(link).toHaveAccessibleName(/Rated 3\.75 out of 5/);
    const fills = [...container.querySelectorAll<HTMLElement>("[aria-hidden='true'] span[style]")].map((s) => s.style.width);
    expect(fills).toEqual(["100%", "100%", "100%", "75%"]);
  });

  it("shows no stars for an unrated book", () => {
    render(<BookTile book={book()} />);
    expect(screen.getByRole("link")).not.toHaveAccessibleName(/Rated/);
  });
});

describe("BookGrid", () => {
  it("renders one list item per book and marks only the books being looked up", () => {
    const books = [
      book({ _id: "a" as Id<"books">, title: "First" }),
      book({ _id: "b" as Id<"books">, title: "Second", apiCoverUrl: FOUND }),
      book({ _id: "c" as Id<"books">, title: "Third" }),
    ];
    render(<BookGrid books={books} lookingForCover={new Set(["c" as Id<"books">])} />);
    const list = screen.getByRole("list", { name: "Your books" });
    expect(list.querySelectorAll("li")).toHaveLength(3);
    expect(screen.getAllByText("Finding cover…")).toHaveLength(1);
    expect(screen.getByText("Finding cover…").closest("li")).toHaveTextContent("Third");
  });

  it("shows the server's not-yet-looked-up books as looking only when asked to (cover backfill on)", () => {
    const books = [
      book({ _id: "a" as Id<"books">, title: "Pending", coverPending: true }),
      book({ _id: "b" as Id<"books">, title: "Looked up" }),
    ];
    const { rerender } = render(<BookGrid books={books} />);
    expect(screen.queryByText("Finding cover…")).toBeNull();
    rerender(<BookGrid books={books} showPendingLookups />);
    expect(screen.getByText("Finding cover…").closest("li")).toHaveTextContent("Pending");
  });
});
