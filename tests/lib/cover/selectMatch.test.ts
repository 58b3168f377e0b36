import { describe, expect, test } from "vitest";
import { matchDetail, titleMatch, type MatchCandidate } from "@/lib/cover/match";
import { isEditionNote, pickBestMatch } from "@/lib/cover/selectMatch";

const herbert = { title: "Dune", author: "Frank Herbert" };
const c = (title: string, authors: string[] = ["Frank Herbert"], subtitle?: string): MatchCandidate => ({
  title,
  authors,
  subtitle,
});

describe("pickBestMatch: a subtitle on one side only", () => {
  test("'Dune' takes 'Dune: Deluxe Edition' (an edition note), also next to a sequel", () => {
    expect(pickBestMatch(herbert, [c("Dune: Deluxe Edition")])).toEqual({ index: 0, score: 0.75 });
    expect(pickBestMatch(herbert, [c("Dune Messiah"), c("Dune: Deluxe Edition"), c("Children of Dune")])).toEqual({
      index: 1,
      score: 0.75,
    });
  });

  test("'Dune' prefers an edition note over an earlier title-like subtitle, even where the answer shows a Dune series", () => {
    const answer = [c("Dune: House Harkonnen"), c("Dune", ["Frank Herbert"], "Deluxe Edition")];
    expect(pickBestMatch(herbert, answer)?.index).toBe(1);
  });

  test("'Mistborn' does not take 'Mistborn: Secret History' when another book is 'Mistborn: <another subtitle>'", () => {
    const book = { title: "Mistborn", author: "Brandon Sanderson" };
    const answer = [c("Mistborn: Secret History", ["Brandon Sanderson"]), c("Mistborn: The Final Empire", ["Brandon Sanderson"])];
    expect(pickBestMatch(book, answer)).toBeNull();
  });

  test.each([
    ["a series marker naming it", "The Final Empire (Mistborn, Book 1)"],
    ["a Goodreads series marker naming it", "The Well of Ascension (Mistborn, #2)"],
    ["a bracket naming it with a number", "Aleación de Ley (Nacidos de la Bruma [Mistborn] 4)"],
    ["a '<name> Trilogy' title", "Mistborn Trilogy"],
  ])("series evidence: %s", (_why, evidence) => {
    const book = { title: "Mistborn", author: "Brandon Sanderson" };
    const secretHistory = c("Mistborn: Secret History", ["Brandon Sanderson"]);
    expect(pickBestMatch(book, [secretHistory])?.index).toBe(0);
    expect(pickBestMatch(book, [secretHistory, c(evidence, ["Brandon Sanderson"])])).toBeNull();
  });

  test("evidence by another author does not count", () => {
    const book = { title: "Mistborn", author: "Brandon Sanderson" };
    const answer = [
      c("Mistborn: Secret History", ["Brandon Sanderson"]),
      c("The Final Empire (Mistborn, Book 1)", ["Someone Else"]),
    ];
    expect(pickBestMatch(book, answer)?.index).toBe(0);
  });

  test("the same book twice is no evidence of a series", () => {
    const book = { title: "Arcanum Unbounded", author: "Brandon Sanderson" };
    const twice = [
      c("Arcanum Unbounded: The Cosmere Collection", ["Brandon Sanderson"]),
      c("Arcanum Unbounded", ["Brandon Sanderson"], "The Cosmere Collection"),
    ];
    expect(pickBestMatch(book, twice)?.index).toBe(0);
  });

  test("the rule also holds when the book has the subtitle and the candidate does not", () => {
    const book = { title: "Mistborn: Secret History", author: "Brandon Sanderson" };
    const bare = c("Mistborn", ["Brandon Sanderson"]);
    expect(pickBestMatch(book, [bare])?.index).toBe(0);
    expect(pickBestMatch(book, [bare, c("The Well of Ascension (Mistborn, Book 2)", ["Brandon Sanderson"])])).toBeNull();
  });

  test("an exact title wins over an earlier subtitle-less one; ineligible candidates are skipped but still count as evidence", () => {
    const book = { title: "Sapiens: A Brief History of Humankind", author: "Yuval Noah Harari" };
    const answer = [c("Sapiens", ["Yuval Noah Harari"]), c("Sapiens: A Brief History of Humankind", ["Yuval Noah Harari"])];
    expect(pickBestMatch(book, answer)).toEqual({ index: 1, score: 1 });
    expect(pickBestMatch(book, answer, (i) => i !== 1)).toEqual({ index: 0, score: 0.7 });

    const mistborn = { title: "Mistborn", author: "Brandon Sanderson" };
    const withEvidence = [c("Mistborn: Secret History", ["Brandon Sanderson"]), c("Mistborn Trilogy", ["Brandon Sanderson"])];
    expect(pickBestMatch(mistborn, withEvidence, (i) => i === 0)).toBeNull();
  });

  test("isEditionNote", () => {
    expect(isEditionNote("deluxe edition")).toBe(true);
    expect(isEditionNote("40th anniversary edition")).toBe(true);
    expect(isEditionNote("a novel")).toBe(true);
    expect(isEditionNote("secret history")).toBe(false);
    expect(isEditionNote("a brief history of humankind")).toBe(false);
  });
});

describe("titleMatch: forms of a title", () => {
  test("a leading series name is dropped when a series marker on either side names it", () => {
    expect(titleMatch("Mistborn: The Final Empire (Mistborn, #1)", "The Final Empire (Mistborn, Book 1)").score).toBe(1);
    expect(titleMatch("The Final Empire (Mistborn, #1)", "Mistborn: The Final Empire").score).toBe(1);
    expect(titleMatch("Mistborn: The Final Empire", "The Final Empire (Mistborn, Book 1)").score).toBe(1);
    // Without a series marker the prefix is kept: "Mistborn: The Final Empire" is not "The Final Empire".
    expect(titleMatch("Mistborn: The Final Empire", "The Final Empire").score).toBe(0);
  });

  test("another book of the same series never matches through the dropped prefix", () => {
    expect(titleMatch("Mistborn: The Final Empire (Mistborn, #1)", "Mistborn: Secret History").score).toBe(0);
    expect(titleMatch("Mistborn: The Final Empire (Mistborn, #1)", "The Well of Ascension (Mistborn, Book 2)").score).toBe(0);
  });

  test("another position in the same series is another book", () => {
    expect(titleMatch("Foundation (Part 1)", "Foundation (Part 2)").score).toBe(0);
    expect(titleMatch("Mort (Discworld, #4)", "Mort (Discworld, #5)").score).toBe(0);
    expect(titleMatch("The Alloy of Law (Mistborn, #4)", "The Alloy of Law (Wax and Wayne, #1)").score).toBe(1);
  });

  test("full-width colons and brackets, stars and padding on either side", () => {
    expect(titleMatch("三体：地球往事", "三体").score).toBe(0.75);
    expect(titleMatch("三体", "三体：地球往事").score).toBe(0.75);
    expect(titleMatch("Dune", "Dune：Deluxe Edition").score).toBe(0.75);
    expect(titleMatch("Mort (Discworld, #4)", "Mort（Discworld, #4） *").score).toBe(1);
    expect(titleMatch("  Dune ", "*Dune*").score).toBe(1);
  });

  test("matchDetail says which side has the extra subtitle", () => {
    const m = matchDetail(herbert, c("Dune", ["Frank Herbert"], "Deluxe Edition"));
    expect(m).toMatchObject({ score: 0.75, subtitleOnlyOn: "candidate", extraSubtitle: "deluxe edition", bookMain: "dune" });
    expect(matchDetail({ title: "Dune: Deluxe Edition", author: "Frank Herbert" }, c("Dune"))).toMatchObject({
      subtitleOnlyOn: "book",
    });
  });
});
