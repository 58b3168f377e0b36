/**
 * The real-shape matching corpus: each case is a reader's book as a reader would have it (Goodreads-style
 * title and author field, sometimes an ISBN), one captured source answer (tests/fixtures/openlibrary and
 * tests/fixtures/googlebooks; sources in the README next to them) and the expected outcome: the cover the
 * lookup should store (an Open Library cover id or a Google volume id; several when they are editions of
 * the same book), or none. `query` optionally names what the request should ask for. The cases recorded for
 * issue 19 are in casesGoogle.ts and casesOpenLibrary.ts.
 */
import searchMistborn from "../../tests/fixtures/openlibrary/search-mistborn.json";
import searchTimeWar from "../../tests/fixtures/openlibrary/search-time-war.json";
import volumesHobbit from "../../tests/fixtures/googlebooks/volumes-hobbit.json";
import volumesMistbornEs from "../../tests/fixtures/googlebooks/volumes-mistborn-es.json";
import volumesOtherIds from "../../tests/fixtures/googlebooks/volumes-other-identifiers.json";
import volumesTolstoy from "../../tests/fixtures/googlebooks/volumes-tolstoy.json";
import { GOOGLE_CASES } from "./casesGoogle";
import { OPEN_LIBRARY_CASES } from "./casesOpenLibrary";
import type { MatchingCase } from "./caseTypes";

export type { CaseKind, MatchingCase, Topic } from "./caseTypes";

const SANDERSON = "Brandon Sanderson";
const ol = (name: string, title: string, author: string, expected: number[], query?: MatchingCase["query"]): MatchingCase => ({
  name,
  kind: "ol-search",
  book: { title, author },
  answer: searchMistborn,
  expected,
  query,
});
const gb = (name: string, answer: unknown, title: string, author: string, expected: string[]): MatchingCase => ({
  name,
  kind: "google-search",
  book: { title, author },
  answer,
  expected,
});

const EARLIER_CASES: readonly MatchingCase[] = [
  // Open Library search.json?q=mistborn: a series whose name is also a book's name.
  ol("series name before the colon and in the suffix", "Mistborn: The Final Empire (Mistborn, #1)", SANDERSON, [524535], {
    title: "The Final Empire",
    author: SANDERSON,
  }),
  ol("bare series name takes no other book of the series", "Mistborn", SANDERSON, []),
  ol("Goodreads series suffix, plain title", "The Well of Ascension (Mistborn, #2)", SANDERSON, [5081235]),
  ol("Goodreads series suffix, plain title (3)", "The Hero of Ages (Mistborn, #3)", SANDERSON, [5698797]),
  ol("Open Library series suffix with Book N", "The Alloy of Law (Mistborn, #4)", SANDERSON, [7136479]),
  ol("Open Library series suffix with Book N (5)", "Shadows of Self (Mistborn, #5)", SANDERSON, [7427757]),
  ol("Open Library series suffix with Book N (6)", "The Bands of Mourning (Mistborn, #6)", SANDERSON, [7427758]),
  ol("series name before the colon, novella", "Mistborn: Secret History (Mistborn, #3.5)", SANDERSON, [8737946]),
  ol("subtitle only in the candidate's field", "Arcanum Unbounded", SANDERSON, [8452946]),
  ol("same subtitle, one in its own field", "Arcanum Unbounded: The Cosmere Collection", SANDERSON, [8452946]),
  ol("Last, First author", "The Well of Ascension", "Sanderson, Brandon", [5081235], { author: SANDERSON }),
  ol("a book the answer does not hold", "The Lost Metal (Mistborn, #7)", SANDERSON, []),
  ol("surname-only author field", "The Hero of Ages", "Sanderson", [5698797]),
  ol("full-width colon before the subtitle", "The Hero of Ages：Book Three of Mistborn", SANDERSON, [5698797], {
    title: "The Hero of Ages",
  }),
  // Open Library search.json, two authors.
  {
    name: "two people in one author field",
    kind: "ol-search",
    book: { title: "This Is How You Lose the Time War", author: "Amal El-Mohtar, Max Gladstone" },
    answer: searchTimeWar,
    expected: [8665647],
    query: { author: "Amal El-Mohtar" },
  },
  {
    name: "one person, Last, First",
    kind: "ol-search",
    book: { title: "This Is How You Lose the Time War", author: "El-Mohtar, Amal" },
    answer: searchTimeWar,
    expected: [8665647],
    query: { author: "Amal El-Mohtar" },
  },
  // Google Books q=The Hobbit.
  gb("exact title among subtitled editions", volumesHobbit, "The Hobbit", "J.R.R. Tolkien", ["l3tSzQEACAAJ"]),
  gb("surname-only author field (Google)", volumesHobbit, "The Hobbit", "Tolkien", ["l3tSzQEACAAJ"]),
  gb("title with its 'or' subtitle", volumesHobbit, "The Hobbit, or There and Back Again", "J.R.R. Tolkien", [
    "RXPjuQAACAAJ",
    "0k0IQAAACAAJ",
  ]),
  gb("a book about the book is not the book", volumesHobbit, "The Hobbit Party", "Jay Richards", ["TdDhBAAAQBAJ"]),
  // Google Books q=intitle:"mistborn" (Spanish editions).
  gb("Spanish edition, series suffix", volumesMistbornEs, "Sombras de identidad (Wax & Wayne, #2)", SANDERSON, ["PXokDQAAQBAJ"]),
  gb("Spanish edition, series suffix (1)", volumesMistbornEs, "Aleación de ley (Wax & Wayne, #1)", SANDERSON, ["Xd04AwAAQBAJ"]),
  gb("Spanish edition, series suffix (3)", volumesMistbornEs, "El Héroe de las Eras (Nacidos de la bruma, #3)", SANDERSON, [
    "XVG2AwAAQBAJ",
  ]),
  gb(
    "series name in the candidate's title, book in its subtitle",
    volumesMistbornEs,
    "El imperio final (Nacidos de la bruma, #1)",
    SANDERSON,
    ["2gk0EAAAQBAJ"],
  ),
  gb("series name before the colon (Spanish)", volumesMistbornEs, "Nacidos de la bruma: El imperio final", SANDERSON, [
    "2gk0EAAAQBAJ",
  ]),
  gb("bare series name (Google)", volumesMistbornEs, "Mistborn", SANDERSON, []),
  {
    name: "the prose edition rejected: the comic adaptation is not taken instead",
    kind: "google-search",
    book: { title: "Nacidos de la bruma: El imperio final", author: SANDERSON, rejected: ["gb:2gk0EAAAQBAJ"] },
    answer: volumesMistbornEs,
    expected: [],
  },
  // Google Books q=Tolstoy (free ebooks).
  gb("nobility particle on the candidate", volumesTolstoy, "Childhood and Youth", "Leo Tolstoy", ["xyYVAAAAYAAJ"]),
  gb("honorific on the reader's side", volumesTolstoy, "Childhood and Youth", "Count Leo Tolstoy", ["xyYVAAAAYAAJ"]),
  gb("Gutenberg-style sort name", volumesTolstoy, "Childhood and Youth", "Tolstoy, Leo, graf", ["xyYVAAAAYAAJ"]),
  gb("another author's book", volumesTolstoy, "The Maid of Orleans", "Leo Tolstoy", []),
  // Google Books isbn: answers whose volume lists only non-ISBN identifiers.
  {
    name: "volume with only an OTHER identifier gets the title/author check",
    kind: "google-isbn",
    book: { title: "The School for Daughters. A Drama, Etc", author: "Dennis Lawler", isbn: "9781379032557" },
    answer: volumesOtherIds,
    expected: ["PNJZAAAAcAAJ"],
  },
  {
    name: "volume with only an OTHER identifier, another book",
    kind: "google-isbn",
    book: { title: "The School for Scandal", author: "Richard Brinsley Sheridan", isbn: "9781379032557" },
    answer: volumesOtherIds,
    expected: [],
  },
  {
    name: "listed ISBN without an image",
    kind: "google-isbn",
    book: { title: "Retro Book", author: "Advantage Publishing NSW Pty, Limited", isbn: "9780975686263" },
    answer: volumesOtherIds,
    expected: [],
  },
];

export const MATCHING_CASES: readonly MatchingCase[] = [...EARLIER_CASES, ...GOOGLE_CASES, ...OPEN_LIBRARY_CASES];
