/**
 * Issue 19's matching classes: the same title written with or without an article, with its series number in
 * another language's form, or with an edition named in it. Unit checks on the issue's own examples, then the
 * real answers recorded for the corpus (tests/fixtures/*, sources in the READMEs) served through msw.
 */
import { describe, expect, test } from "vitest";
import { searchGoogleCover } from "@/lib/cover/googleBooks";
import { matchScore, titleMatchScore } from "@/lib/cover/match";
import volumesBatman from "../../fixtures/googlebooks/volumes-batman.json";
import volumesHarryPotter from "../../fixtures/googlebooks/volumes-harry-potter.json";
import { jsonEndpoint } from "../../msw/coverSources";
import { server } from "../../msw/server";

const KEY = "test-google-key";

async function googleIdFor(answer: unknown, book: { title: string; author: string }): Promise<string> {
  server.use(jsonEndpoint("googleVolumes", answer));
  const r = await searchGoogleCover(book, { apiKey: KEY });
  return r.status === "found" ? (new URL(r.url).searchParams.get("id") ?? "") : r.status;
}

describe("an article inside a title", () => {
  test("'Batman: The Killing Joke' is 'Batman: Killing Joke' (issue 19's captured pair)", () => {
    expect(titleMatchScore("Batman: The Killing Joke", "Batman: Killing Joke")).toBe(1);
    expect(titleMatchScore("Batman: Killing Joke", "Batman: The Killing Joke")).toBe(1);
    expect(
      matchScore(
        { title: "Batman: The Killing Joke", author: "Alan Moore" },
        { title: "Batman: Killing Joke", authors: ["Alan Moore"] },
      ),
    ).toBe(1);
  });

  test("also without the colon, and for 'a'/'an' inside the title", () => {
    expect(titleMatchScore("Batman The Killing Joke", "Batman: Killing Joke")).toBeGreaterThan(0);
    expect(titleMatchScore("Batman: An Origin Story", "Batman: Origin Story")).toBe(1);
  });

  test("the words around the article still have to agree", () => {
    expect(titleMatchScore("Batman: The Killing Joke", "Batman: The Killing Moon")).toBe(0);
    expect(titleMatchScore("Harry Potter: A History of Magic", "Harry Potter - A Journey Through A History of Magic")).toBe(0);
  });

  test("Google 'batman' answer: 'Batman: Origin Story' takes 'Batman' + 'An Origin Story'", async () => {
    expect(await googleIdFor(volumesBatman, { title: "Batman: Origin Story", author: "John Sazaklis" })).toBe("H0vmBQAAQBAJ");
  });

  test("Google 'HarryPotter' answer: another book differing by more than an article is still refused", async () => {
    expect(await googleIdFor(volumesHarryPotter, { title: "Harry Potter: A History of Magic", author: "British Library" })).toBe(
      "not_found",
    );
  });
});
