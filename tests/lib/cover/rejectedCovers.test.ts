/** Rejected covers (a book's `rejectedCovers` keys) are never returned: each path takes its next match. */
import { describe, expect, test } from "vitest";
import { lookupGoogleCoverByIsbn, searchGoogleCover } from "@/lib/cover/googleBooks";
import { lookupOpenLibraryCoverByIsbn, searchOpenLibraryCover } from "@/lib/cover/openLibrary";
import { lookUpOne } from "../../support/localLookup";
import volumesOtherIds from "../../fixtures/googlebooks/volumes-other-identifiers.json";
import booksApiFixture from "../../fixtures/openlibrary/books-api-isbn.json";
import searchMistborn from "../../fixtures/openlibrary/search-mistborn.json";
import searchTimeWar from "../../fixtures/openlibrary/search-time-war.json";
import {
  coverSourceHandlers,
  jsonEndpoint,
  type CatalogueBook,
  type CoverSourceRequest,
  type GoogleCatalogueVolume,
} from "../../msw/coverSources";
import { server } from "../../msw/server";

const KEY = "test-google-key";
const ol = (id: number) => `https://covers.openlibrary.org/b/id/${id}-L.jpg`;
const FOX = { title: "Fantastic Mr. Fox", author: "Roald Dahl", isbn: "9780140328721" };

describe("Open Library", () => {
  test("Books API: a rejected edition cover counts as no cover", async () => {
    server.use(jsonEndpoint("openLibraryBooks", booksApiFixture));
    expect(await lookupOpenLibraryCoverByIsbn(FOX.isbn, {}, ["ol:8739161"])).toEqual({ status: "not_found" });
    expect(await lookupOpenLibraryCoverByIsbn(FOX.isbn, {}, ["ol:1"])).toEqual({ status: "found", url: ol(8739161) });
  });

  test("search: a rejected doc's cover is skipped for the next matching doc", async () => {
    const books: CatalogueBook[] = [
      { title: "Fantastic Mr. Fox", authors: ["Roald Dahl"], coverId: 100 },
      { title: "Fantastic Mr Fox", authors: ["Roald Dahl"], coverId: 200 },
    ];
    server.use(...coverSourceHandlers({ books }));
    const book = { title: FOX.title, author: FOX.author };
    expect(await searchOpenLibraryCover(book)).toEqual({ status: "found", url: ol(100) });
    expect(await searchOpenLibraryCover({ ...book, rejected: ["ol:100"] })).toEqual({ status: "found", url: ol(200) });
    expect(await searchOpenLibraryCover({ ...book, rejected: ["ol:100", "ol:200"] })).toEqual({ status: "not_found" });
  });

  test("search on a real answer: the only matching cover rejected -> not_found", async () => {
    server.use(jsonEndpoint("openLibrarySearch", searchTimeWar));
    const book = {
      title: "This Is How You Lose the Time War",
      author: "Amal El-Mohtar, Max Gladstone",
      rejected: ["ol:8665647"],
    };
    expect(await searchOpenLibraryCover(book)).toEqual({ status: "not_found" });
  });

  test("a rejected doc still counts as evidence of a series (bare 'Mistborn' stays uncovered)", async () => {
    server.use(jsonEndpoint("openLibrarySearch", searchMistborn));
    const r = await searchOpenLibraryCover({
      title: "Mistborn",
      author: "Brandon Sanderson",
      rejected: ["ol:524535", "ol:7136479"],
    });
    expect(r).toEqual({ status: "not_found" });
  });
});

describe("Google Books", () => {
  const volume = (id: string) => ({ id, isbn13: FOX.isbn, title: FOX.title, authors: [FOX.author] });
  const image = (id: string) => `https://books.google.com/books/content?id=${id}&printsec=frontcover&img=1&zoom=1&source=gbs_api`;

  test("ISBN: a rejected volume is skipped for the next volume listing the ISBN", async () => {
    server.use(...coverSourceHandlers({ googleBooks: [volume("vol1AAAA"), volume("vol2AAAA")] }));
    expect(await lookupGoogleCoverByIsbn(FOX.isbn, { apiKey: KEY }, { rejected: ["gb:vol1AAAA"] })).toEqual({
      status: "found",
      url: image("vol2AAAA"),
    });
    expect(await lookupGoogleCoverByIsbn(FOX.isbn, { apiKey: KEY }, { rejected: ["gb:vol1AAAA", "gb:vol2AAAA"] })).toEqual({
      status: "not_found",
    });
  });

  test("ISBN on a real answer: a rejected OTHER-only volume is not taken by the title/author check", async () => {
    server.use(jsonEndpoint("googleVolumes", volumesOtherIds));
    const book = { title: "The School for Daughters. A Drama, Etc", author: "Dennis Lawler", rejected: ["gb:PNJZAAAAcAAJ"] };
    expect(await lookupGoogleCoverByIsbn("9781379032557", { apiKey: KEY }, book)).toEqual({ status: "not_found" });
  });

  test("search: a rejected volume is skipped for the next matching one", async () => {
    server.use(...coverSourceHandlers({ googleBooks: [volume("vol1AAAA"), volume("vol2AAAA")] }));
    const book = { title: FOX.title, author: FOX.author, rejected: ["gb:vol1AAAA"] };
    expect(await searchGoogleCover(book, { apiKey: KEY })).toEqual({ status: "found", url: image("vol2AAAA") });
  });
});

describe("the lookup", () => {
  function setup(books: CatalogueBook[], googleBooks: GoogleCatalogueVolume[] = []) {
    const calls: CoverSourceRequest[] = [];
    server.use(...coverSourceHandlers({ books, googleBooks, onRequest: (r) => calls.push(r) }));
    return () => calls.map((c) => c.endpoint);
  }
  const EDITION: CatalogueBook = {
    isbn13: FOX.isbn,
    title: FOX.title,
    authors: [FOX.author],
    coverId: 8739161,
    workCoverId: 14000,
  };
  const withGoogle = { env: { GOOGLE_BOOKS_API_KEY: KEY } };

  test("an ISBN answer whose edition cover is rejected gives its work's", async () => {
    const endpoints = setup([EDITION]);
    expect(await lookUpOne({ ...FOX, rejected: ["ol:8739161"] })).toEqual({ apiCoverUrl: ol(14000), apiSource: "open-library" });
    expect(endpoints()).toEqual(["openLibraryIsbnSearch"]);
  });

  test("every Open Library cover rejected: Google's is taken, and with it rejected too, not_found", async () => {
    const endpoints = setup([EDITION], [{ id: "vol1AAAA", isbn13: FOX.isbn, title: FOX.title, authors: [FOX.author] }]);
    const rejected = ["ol:8739161", "ol:14000"];
    const r = await lookUpOne({ ...FOX, rejected }, withGoogle);
    expect(r).toEqual({ apiCoverUrl: expect.stringContaining("id=vol1AAAA"), apiSource: "google-books" });
    expect(endpoints()).toEqual(["openLibraryIsbnSearch", "openLibrarySearch", "googleVolumes"]);
    expect(await lookUpOne({ ...FOX, rejected: [...rejected, "gb:vol1AAAA"] }, withGoogle)).toEqual({ reason: "not_found" });
  });
});
