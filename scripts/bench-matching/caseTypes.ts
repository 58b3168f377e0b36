/** The shape of one matching case (see corpus.ts). */
export type CaseKind = "ol-search" | "google-search" | "google-isbn";

/** What a case is about, for the per-topic lines of the report. */
export type Topic = "language" | "series" | "article" | "subtitle" | "edition" | "box set" | "translation" | "decoy";

export interface MatchingCase {
  name: string;
  /** Cases recorded before issue 19 have none. */
  topic?: Topic;
  kind: CaseKind;
  book: { title: string; author: string; isbn?: string; rejected?: readonly string[] };
  answer: unknown;
  /** Open Library cover ids (ol-search) or Google volume ids (google-*) that are right; [] = no cover is right. */
  expected: readonly (number | string)[];
  /** What the request should send (Open Library `title`/`author`; Google `intitle:`/`inauthor:`). */
  query?: { title?: string; author?: string };
}
