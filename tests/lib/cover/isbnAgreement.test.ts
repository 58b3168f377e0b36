import { describe, expect, test } from "vitest";
import { isbnAnswerAgrees, isbnTitleAgrees } from "@/lib/cover/isbnAgreement";

const url = "https://covers.openlibrary.org/b/id/1-L.jpg";

describe("isbnAnswerAgrees", () => {
  test("an ISBN answer whose titles are another book's does not agree (a 'New Moon' row with Eclipse's ISBN)", () => {
    expect(isbnAnswerAgrees({ title: "New Moon" }, { url, titles: ["Eclipse"] })).toBe(false);
    expect(
      isbnAnswerAgrees({ title: "New Moon (Twilight, #2)" }, { url, titles: ["Eclipse", "Eclipse (Twilight Saga, Book 3)"] }),
    ).toBe(false);
  });

  test("a translated or retitled edition agrees through its work's title", () => {
    const answer = { url, titles: ["Harry Potter y la piedra filosofal", "Harry Potter and the Philosopher's Stone"] };
    expect(isbnAnswerAgrees({ title: "Harry Potter and the Philosopher's Stone" }, answer)).toBe(true);
    expect(isbnAnswerAgrees({ title: "Harry Potter y la piedra filosofal" }, answer)).toBe(true);
  });

  test("series markers, subtitles and a title going on after punctuation agree; a longer title does not", () => {
    expect(isbnAnswerAgrees({ title: "The Final Empire (Mistborn, #1)" }, { url, titles: ["Mistborn: The Final Empire"] })).toBe(
      true,
    );
    expect(isbnAnswerAgrees({ title: "The Hobbit" }, { url, titles: ["The Hobbit, or There and Back Again"] })).toBe(true);
    expect(isbnAnswerAgrees({ title: "The Hobbit, or There and Back Again" }, { url, titles: ["The hobbit"] })).toBe(true);
    expect(isbnAnswerAgrees({ title: "Dune" }, { url, titles: ["Dune Messiah"] })).toBe(false);
  });

  test("an answer without titles, or a book without one, cannot disagree", () => {
    expect(isbnAnswerAgrees({ title: "Anything" }, { url, titles: [] })).toBe(true);
    expect(isbnAnswerAgrees({}, { url, titles: ["Eclipse"] })).toBe(true);
  });

  test("an answer that does not list the ISBN itself needs title and author to match", () => {
    const weak = { url, titles: ["Fantastic Mr. Fox"], authors: ["Roald Dahl"] };
    expect(isbnAnswerAgrees({ title: "Fantastic Mr. Fox", author: "Roald Dahl" }, weak)).toBe(true);
    expect(isbnAnswerAgrees({ title: "Fantastic Mr. Fox", author: "Someone Else" }, weak)).toBe(false);
    expect(isbnAnswerAgrees({ title: "Fantastic Mr. Fox" }, weak)).toBe(false);
  });

  test("isbnTitleAgrees is symmetric in what it forgives", () => {
    expect(isbnTitleAgrees("Eclipse", "Eclipse")).toBe(true);
    expect(isbnTitleAgrees("The Left Hand of Darkness", "Left Hand of Darkness")).toBe(true);
  });
});
