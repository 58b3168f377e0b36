/**
 * Matching cases on Open Library answers recorded for issue 19 (sources in tests/fixtures/openlibrary/README.md):
 * many books with near-identical titles by different authors, editions named in the title, subtitles.
 */
import searchReactWeb from "../../tests/fixtures/openlibrary/search-react-web.json";
import type { MatchingCase, Topic } from "./caseTypes";

function searchCases(answer: unknown, cases: readonly [Topic, string, string, string, number[]][]): MatchingCase[] {
  return cases.map(([topic, name, title, author, expected]) => ({
    name,
    topic,
    kind: "ol-search",
    book: { title, author },
    answer,
    expected,
  }));
}

export const OPEN_LIBRARY_CASES: readonly MatchingCase[] = [
  // search.json?q=React web (84 docs).
  ...searchCases(searchReactWeb, [
    [
      "edition",
      "first edition's subtitle; the later edition drops it",
      "Learning React: Functional Web Development with React and Redux",
      "Alex Banks, Eve Porcello",
      [8509332, 10282783],
    ],
    ["decoy", "same title by other authors listed first", "Learning React", "Kirupa Chinnathambi", [8512385, 8508932]],
    [
      "edition",
      "'(2nd Edition)' qualifier on the source only",
      "Learning React: A Hands-On Guide to Building Web Applications Using React and Redux",
      "Kirupa Chinnathambi",
      [8508932, 8512385],
    ],
    ["decoy", "same title by another author listed first", "React Native Cookbook", "Dan Ward", [8497894]],
    [
      "subtitle",
      "full title against the same title by another author",
      "React Native Cookbook: Bringing the Web to Native Platforms",
      "Jonathan Lebensold",
      [8509336],
    ],
    [
      "edition",
      "'- Second Edition' between title and subtitle",
      "React 16 Essentials: A fast-paced, hands-on guide to designing and building scalable and maintainable web apps with React 16",
      "Artemij Fedosejev",
      [8509504],
    ],
    [
      "subtitle",
      "' : ' separator, shortened subtitle",
      "React: Up & Running: Building Web Applications",
      "Stoyan Stefanov",
      [13919031],
    ],
    [
      "edition",
      "first edition with subtitle, second without",
      "Pro MERN Stack: Full Stack Web App Development with Mongo, Express, React, and Node",
      "Vasan Subramanian",
      [8512138, 10252828],
    ],
    [
      "subtitle",
      "bare title, the coverless doc by a shorter name first",
      "Isomorphic Web Applications",
      "Elyse Kolker Gordon",
      [8508171],
    ],
    ["edition", "'- Second Edition' on the source only", "ASP.NET Core 5 and React", "Carl Rippon", [10542747]],
    ["decoy", "another version number is another book", "ASP.NET Core 3 and React", "Carl Rippon", []],
    [
      "decoy",
      "another version number is another book (2)",
      "Full Stack Development with Spring Boot 3 and React",
      "Juha Hinkula",
      [],
    ],
    ["subtitle", "series qualifier and subtitle on the source only", "Cloud Native Go", "Kevin Hoffman", [8512314]],
    [
      "language",
      "Spanish title, two works of the same name",
      "Desarrollo Web con React",
      "Pello Xabier Altadill Izura",
      [13954251, 13954252],
    ],
    ["decoy", "same title, none by this author", "Learning React", "Claudia Alves", []],
    [
      "edition",
      "', 2nd Edition' at the end of the source's subtitle",
      "React and React Native: Complete guide to web and native mobile development with React",
      "Adam Boduch",
      [8508280, 8512119],
    ],
  ]),
];
