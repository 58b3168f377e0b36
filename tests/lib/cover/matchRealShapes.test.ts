/**
 * The matching classes of issue 9, each on a recorded real answer (tests/fixtures/*, sources in the
 * READMEs there) served through msw to the real clients.
 */
import { describe, expect, test } from "vitest";
import { lookupGoogleCoverByIsbn, searchGoogleCover } from "@/lib/cover/googleBooks";
import { splitAuthorNames } from "@/lib/cover/match";
import { searchOpenLibraryCover } from "@/lib/cover/openLibrary";
import volumesHobbit from "../../fixtures/googlebooks/volumes-hobbit.json";
import volumesMistbornEs from "../../fixtures/googlebooks/volumes-mistborn-es.json";
import volumesOtherIds from "../../fixtures/googlebooks/volumes-other-identifiers.json";
import volumesTolstoy from "../../fixtures/googlebooks/volumes-tolstoy.json";
import searchMistborn from "../../fixtures/openlibrary/search-mistborn.json";
import searchTimeWar from "../../fixtures/openlibrary/search-time-war.json";
import { jsonEndpoint, volumesBody, type CoverSourceRequest } from "../../msw/coverSources";
import { server } from "../../msw/server";

const KEY = "test-google-key";
const SANDERSON = "Brandon Sanderson";
const olCover = (id: number) => ({ status: "found", url: `https://covers.openlibrary.org/b/id/${id}-L.jpg` });
const googleId = (r: Awaited<ReturnType<typeof searchGoogleCover>>) =>
  r.status === "found" ? new URL(r.url).searchParams.get("id") : r.status;

function serve(endpoint: "openLibrarySearch" | "googleVolumes", body: unknown) {
  const calls: CoverSourceRequest[] = [];
  server.use(jsonEndpoint(endpoint, body, (r) => calls.push(r)));
  return calls;
}

describe("a Goodreads 'Series: Title (Series, #n)' title against Open Library's 'Title (Series, Book n)'", () => {
  test("the search asks for the title without the series name, and the matcher takes the work", async () => {
    const calls = serve("openLibrarySearch", searchMistborn);
    const r = await searchOpenLibraryCover({ title: "Mistborn: The Final Empire (Mistborn, #1)", author: SANDERSON });
    expect(r).toEqual(olCover(524535));
    expect(calls[0].url.searchParams.get("title")).toBe("The Final Empire");
  });

  test("a title that is the series name plus another book's name still takes that book", async () => {
    serve("openLibrarySearch", searchMistborn);
    expect(await searchOpenLibraryCover({ title: "Mistborn: Secret History (Mistborn, #3.5)", author: SANDERSON })).toEqual(
      olCover(8737946),
    );
  });

  test("Google: the series name as the candidate's title and the book as its subtitle", async () => {
    const calls = serve("googleVolumes", volumesMistbornEs);
    const r = await searchGoogleCover(
      { title: "El imperio final (Nacidos de la bruma, #1)", author: SANDERSON },
      { apiKey: KEY },
    );
    expect(googleId(r)).toBe("2gk0EAAAQBAJ");
    expect(calls[0].url.searchParams.get("q")).toBe('intitle:"El imperio final" inauthor:"Brandon Sanderson"');
  });
});

describe("a title without a subtitle and candidates with one", () => {
  test("bare 'Mistborn' does not take 'Mistborn: Secret History' when the answer shows a Mistborn series", async () => {
    serve("openLibrarySearch", searchMistborn);
    expect(await searchOpenLibraryCover({ title: "Mistborn", author: SANDERSON })).toEqual({ status: "not_found" });
  });

  test("a subtitle only in the candidate's field is still accepted when nothing suggests a series under that name", async () => {
    serve("openLibrarySearch", searchMistborn);
    expect(await searchOpenLibraryCover({ title: "Arcanum Unbounded", author: SANDERSON })).toEqual(olCover(8452946));
  });

  test("Google: descriptive subtitles ('Una novela de Mistborn') are still accepted", async () => {
    serve("googleVolumes", volumesMistbornEs);
    const r = await searchGoogleCover({ title: "Sombras de identidad (Wax & Wayne, #2)", author: SANDERSON }, { apiKey: KEY });
    expect(googleId(r)).toBe("PXokDQAAQBAJ");
  });
});

describe("Google comic editions", () => {
  const book = { title: "Nacidos de la bruma: El imperio final", author: SANDERSON };

  test("a graphic-novel volume is not taken for the novel when a prose volume of it is in the answer, even once that one is rejected", async () => {
    serve("googleVolumes", volumesMistbornEs);
    expect(googleId(await searchGoogleCover(book, { apiKey: KEY }))).toBe("2gk0EAAAQBAJ");
    serve("googleVolumes", volumesMistbornEs);
    expect(await searchGoogleCover({ ...book, rejected: ["gb:2gk0EAAAQBAJ"] }, { apiKey: KEY })).toEqual({ status: "not_found" });
  });

  test("a reader whose title is exactly the comic's still gets it", async () => {
    serve("googleVolumes", volumesMistbornEs);
    const comic = { title: "Nacidos de la Bruma: El Imperio Final / Mistborn: The Final Empire", author: SANDERSON };
    expect(googleId(await searchGoogleCover(comic, { apiKey: KEY }))).toBe("e2qi0AEACAAJ");
  });
});

describe("an author field naming two people", () => {
  test("is read as two people", () => {
    expect(splitAuthorNames("Amal El-Mohtar, Max Gladstone")).toEqual(["Amal El-Mohtar", "Max Gladstone"]);
  });

  test("Open Library is asked for the first real author and the work is found", async () => {
    const calls = serve("openLibrarySearch", searchTimeWar);
    const r = await searchOpenLibraryCover({
      title: "This Is How You Lose the Time War",
      author: "Amal El-Mohtar, Max Gladstone",
    });
    expect(r).toEqual(olCover(8665647));
    expect(calls[0].url.searchParams.get("author")).toBe("Amal El-Mohtar");
  });

  test("Google is asked for the first real author", async () => {
    const calls = serve("googleVolumes", volumesBody([]));
    await searchGoogleCover(
      { title: "This Is How You Lose the Time War", author: "Amal El-Mohtar, Max Gladstone" },
      { apiKey: KEY },
    );
    expect(calls[0].url.searchParams.get("q")).toBe('intitle:"This Is How You Lose the Time War" inauthor:"Amal El-Mohtar"');
  });
});

describe("Google volumes that list only non-ISBN identifiers", () => {
  test("get the title/author check in the ISBN lookup instead of counting as another ISBN", async () => {
    serve("googleVolumes", volumesOtherIds);
    const book = { title: "The School for Daughters. A Drama, Etc", author: "Dennis Lawler" };
    expect(googleId(await lookupGoogleCoverByIsbn("9781379032557", { apiKey: KEY }, book))).toBe("PNJZAAAAcAAJ");
  });

  test("and are still refused when the title/author check fails", async () => {
    serve("googleVolumes", volumesOtherIds);
    const book = { title: "The School for Scandal", author: "Richard Brinsley Sheridan" };
    expect(await lookupGoogleCoverByIsbn("9781379032557", { apiKey: KEY }, book)).toEqual({ status: "not_found" });
  });
});

describe("author and title forms seen in real data", () => {
  test("a surname-only author field (Google 'The Hobbit' answer)", async () => {
    serve("googleVolumes", volumesHobbit);
    expect(googleId(await searchGoogleCover({ title: "The Hobbit", author: "Tolkien" }, { apiKey: KEY }))).toBe("l3tSzQEACAAJ");
  });

  test("a surname-only author field (Open Library)", async () => {
    serve("openLibrarySearch", searchMistborn);
    expect(await searchOpenLibraryCover({ title: "The Hero of Ages", author: "Sanderson" })).toEqual(olCover(5698797));
  });

  test.each(["Leo Tolstoy", "Count Leo Tolstoy", "Tolstoy, Leo, graf"])(
    "nobility and honorific prefixes: '%s' matches Google's 'graf Leo Tolstoy'",
    async (author) => {
      serve("googleVolumes", volumesTolstoy);
      expect(googleId(await searchGoogleCover({ title: "Childhood and Youth", author }, { apiKey: KEY }))).toBe("xyYVAAAAYAAJ");
    },
  );

  test("a full-width colon before the subtitle", async () => {
    const calls = serve("openLibrarySearch", searchMistborn);
    const r = await searchOpenLibraryCover({ title: "The Hero of Ages：Book Three of Mistborn", author: SANDERSON });
    expect(r).toEqual(olCover(5698797));
    expect(calls[0].url.searchParams.get("title")).toBe("The Hero of Ages");
  });

  test("Open Library titles padded with spaces or marked with a star (values derived from the recorded doc)", async () => {
    const doc = searchMistborn.docs.find((d) => d.key === "/works/OL5738148W")!;
    const variants = [
      `  ${doc.title} `,
      `${doc.title} *`,
      `*${doc.title}*`,
      `${doc.title.replace("(", "（").replace(")", "）")}`,
    ];
    for (const title of variants) {
      serve("openLibrarySearch", { ...searchMistborn, docs: [{ ...doc, title }] });
      expect(await searchOpenLibraryCover({ title: "The Final Empire (Mistborn, #1)", author: SANDERSON }), title).toEqual(
        olCover(524535),
      );
    }
  });
});
