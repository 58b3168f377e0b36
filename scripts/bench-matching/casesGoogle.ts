/**
 * Matching cases on Google Books answers recorded for issue 19 (sources in tests/fixtures/googlebooks/README.md):
 * other languages, series numbering, articles, subtitles, editions, box sets, retitled translations and
 * decoys. `expected` lists every volume that is a right cover (editions of the same book included); [] means
 * no volume of the answer is the reader's book.
 */
import volumesBatman from "../../tests/fixtures/googlebooks/volumes-batman.json";
import volumesHarryPotterEs from "../../tests/fixtures/googlebooks/volumes-harry-potter-es.json";
import volumesHarryPotter from "../../tests/fixtures/googlebooks/volumes-harry-potter.json";
import volumesLordOfTheRings from "../../tests/fixtures/googlebooks/volumes-lord-of-the-rings.json";
import volumesMcEwanDe from "../../tests/fixtures/googlebooks/volumes-mcewan-de.json";
import volumesMistbornEs from "../../tests/fixtures/googlebooks/volumes-mistborn-es.json";
import volumesNaruto from "../../tests/fixtures/googlebooks/volumes-naruto.json";
import type { MatchingCase, Topic } from "./caseTypes";

/** A title/author search case on one recorded Google answer; the optional last element is the `intitle:` the search should send. */
function searchCases(answer: unknown, cases: readonly [Topic, string, string, string, string[], string?][]): MatchingCase[] {
  return cases.map(([topic, name, title, author, expected, queryTitle]) => ({
    name,
    topic,
    kind: "google-search",
    book: { title, author },
    answer,
    expected,
    ...(queryTitle === undefined ? {} : { query: { title: queryTitle } }),
  }));
}

const ROWLING = "J.K. Rowling";
const PHILOSOPHERS_STONE_ES = ["8UJaAAAAYAAJ", "XLVvAAAACAAJ", "AHaREAAAQBAJ", "yHWREAAAQBAJ", "p3QQjwEACAAJ"];

export const GOOGLE_CASES: readonly MatchingCase[] = [
  // q=batman: comics with volume numbers in the title, an edition note after a comma, sequels.
  ...searchCases(volumesBatman, [
    [
      "series",
      "'Series, Vol. N: Title' against 'Series, Volume N' + subtitle",
      "Batman, Vol. 1: The Court of Owls",
      "Scott Snyder",
      ["Ehc1nwEACAAJ"],
    ],
    ["series", "series name and title without the volume number", "Batman: The Court of Owls", "Scott Snyder", ["Ehc1nwEACAAJ"]],
    [
      "series",
      "volume number before the title, series name repeated in it",
      "Batman and Robin, Vol. 3: Batman and Robin Must Die!",
      "Grant Morrison, Cameron Stewart",
      ["LwKQpwAACAAJ"],
      "Batman and Robin Must Die!",
    ],
    [
      "edition",
      "first edition's title against ', 2d ed.'",
      "The Batman Filmography: Live Action Features, 1943-1997",
      "Mark S. Reinhart",
      ["jWAsAAAAQBAJ"],
      "The Batman Filmography",
    ],
    ["article", "subtitle without its article", "Batman: Origin Story", "John Sazaklis", ["H0vmBQAAQBAJ"]],
    ["subtitle", "subtitle in its own field", "Batman: Noel", "Lee Bermejo", ["rGqxuAAACAAJ"]],
    ["subtitle", "colon where the source has none", "Batman: R.I.P.", "Grant Morrison", ["77PLnQEACAAJ"]],
    ["decoy", "the answer's 'Earth One' is the second volume", "Batman: Earth One, Volume 1", "Geoff Johns", []],
    [
      "series",
      "the source drops the series name and the volume number",
      "Batman: Earth One, Volume 2",
      "Geoff Johns",
      ["4j2cAQAACAAJ"],
    ],
    ["subtitle", "the source drops the franchise name", "Batman: Damned", "Brian Azzarello", ["3rkEwgEACAAJ"]],
    ["decoy", "a Batman book the answer does not hold", "Batman: Year One", "Frank Miller", []],
    ["decoy", "another volume of the same series", "Batman, Vol. 2: The City of Owls", "Scott Snyder", []],
    [
      "decoy",
      "the first volume of a series whose third the answer holds",
      "Batman and Robin, Vol. 1: Batman Reborn",
      "Grant Morrison",
      [],
    ],
  ]),
  // q=HarryPoter on a Colombian storefront: Spanish editions, bilingual titles, a translator as author.
  ...searchCases(volumesHarryPotterEs, [
    [
      "language",
      "Spanish title, Goodreads series suffix",
      "Harry Potter y la piedra filosofal (Harry Potter, #1)",
      ROWLING,
      PHILOSOPHERS_STONE_ES,
    ],
    [
      "series",
      "Spanish shop form '(Series N)'",
      "Harry Potter y la piedra filosofal (Harry Potter 1)",
      "J. K. Rowling",
      PHILOSOPHERS_STONE_ES,
    ],
    [
      "language",
      "two editions of the second book, Last, First author",
      "Harry Potter y la cámara secreta (Harry Potter, #2)",
      "Rowling, J.K.",
      ["_-hnPrimlnYC", "zl13g5uRM4EC"],
    ],
    ["decoy", "another book of the series (Spanish)", "Harry Potter y el prisionero de Azkaban (Harry Potter, #3)", ROWLING, []],
    ["language", "accented title", "Harry Potter y el cáliz de fuego (Harry Potter, #4)", ROWLING, ["at3_ngEACAAJ"]],
    [
      "language",
      "translator listed as an author",
      "Harry Potter y la Orden del Fénix (Harry Potter, #5)",
      ROWLING,
      ["tIZAvgAACAAJ"],
    ],
    [
      "language",
      "Spanish title of the sixth book",
      "Harry Potter y el misterio del príncipe (Harry Potter, #6)",
      ROWLING,
      ["X-IfvgAACAAJ"],
    ],
    ["decoy", "shop form of another book of the series", "Harry Potter 3 - El prisionero de Azkaban", ROWLING, []],
    [
      "series",
      "shop form: series and number, then the title without the series name",
      "Harry Potter 5: La orden del Fénix",
      ROWLING,
      ["tIZAvgAACAAJ"],
    ],
    [
      "translation",
      "English title on a Spanish-language volume",
      "Harry Potter and the Philosopher's Stone (Harry Potter, #1)",
      ROWLING,
      ["p3QQjwEACAAJ"],
    ],
  ]),
  // q=HarryPotter on the US storefront: box sets, a screenplay, companions, the UK title.
  ...searchCases(volumesHarryPotter, [
    [
      "translation",
      "US title against the UK title (retitled)",
      "Harry Potter and the Sorcerer's Stone (Harry Potter, #1)",
      ROWLING,
      ["39iYWTb6n6cC"],
    ],
    [
      "series",
      "UK title, series suffix",
      "Harry Potter and the Philosopher's Stone (Harry Potter, #1)",
      ROWLING,
      ["39iYWTb6n6cC"],
    ],
    [
      "series",
      "second book, series suffix",
      "Harry Potter and the Chamber of Secrets (Harry Potter, #2)",
      ROWLING,
      ["5iTebBW-w7QC"],
    ],
    ["decoy", "another book of the series", "Harry Potter and the Prisoner of Azkaban (Harry Potter, #3)", ROWLING, []],
    ["decoy", "another book of the series (4)", "Harry Potter and the Goblet of Fire (Harry Potter, #4)", ROWLING, []],
    [
      "subtitle",
      "colon against an en dash and an edition qualifier",
      "Harry Potter and the Cursed Child: Parts One and Two (Harry Potter, #8)",
      "John Tiffany, Jack Thorne, J.K. Rowling",
      ["tcSMCwAAQBAJ"],
    ],
    [
      "decoy",
      "the screenplay listed first is not the book",
      "Fantastic Beasts and Where to Find Them",
      ROWLING,
      ["JiImDQAAQBAJ"],
    ],
    [
      "subtitle",
      "the screenplay itself",
      "Fantastic Beasts and Where to Find Them: The Original Screenplay",
      ROWLING,
      ["DU0LDAAAQBAJ"],
    ],
    [
      "box set",
      "a box set by its own title",
      "Harry Potter: The Complete Collection (Harry Potter, #1-7)",
      ROWLING,
      ["f280CwAAQBAJ"],
    ],
    ["decoy", "another book with a similar subtitle", "Harry Potter: A History of Magic", "British Library", []],
    [
      "subtitle",
      "colon against a dash subtitle",
      "Harry Potter: A Journey Through a History of Magic",
      "British Library",
      ["ilc0DwAAQBAJ"],
    ],
    ["decoy", "a book inside a collection is not the collection", "The Tales of Beedle the Bard", ROWLING, []],
  ]),
  // q=lord of the rings (three volumes): a boxed set, a companion by other authors, a two-book set.
  ...searchCases(volumesLordOfTheRings, [
    ["box set", "the book is not its boxed set", "The Lord of the Rings", "J.R.R. Tolkien", []],
    ["box set", "the boxed set by its title", "The Lord of the Rings Boxed Set", "J.R.R. Tolkien", ["v0XdnQEACAAJ"]],
    ["decoy", "a two-book set is neither book", "The Hobbit", "J.R.R. Tolkien", []],
    [
      "subtitle",
      "companion by its own authors",
      "The Lord of the Rings: A Reader's Companion",
      "Hammond, Wayne G.",
      ["nh0eAQAAIAAJ"],
    ],
    [
      "box set",
      "Goodreads' omnibus numbering is not the boxed set",
      "The Lord of the Rings (The Lord of the Rings, #1-3)",
      "J.R.R. Tolkien",
      [],
    ],
  ]),
  // q=naruto: a German volume titled only by its number, an art book, a box set.
  ...searchCases(volumesNaruto, [
    [
      "series",
      "German 'Series, Band 01' against 'Series 1: Band 1'",
      "Naruto, Band 01 (Naruto, #1)",
      "Masashi Kishimoto",
      ["Gzk5DwAAQBAJ"],
    ],
    [
      "series",
      "volume title against a volume known only by its number",
      "Naruto, Vol. 01: Uzumaki Naruto (Naruto, #1)",
      "Masashi Kishimoto",
      ["Gzk5DwAAQBAJ"],
    ],
    [
      "decoy",
      "volume 2 takes neither volume 1 nor an unnumbered volume",
      "Naruto, Vol. 02: The Worst Client (Naruto, #2)",
      "Masashi Kishimoto",
      [],
    ],
    ["box set", "a box set by its title", "Naruto Box Set 1", "Masashi Kishimoto", ["8DZ6uAEACAAJ"]],
  ]),
  // q=ian mcewan zwischen den laken on the German storefront: a translation and its original.
  ...searchCases(volumesMcEwanDe, [
    ["language", "German title", "Zwischen den Laken", "Ian McEwan", ["LOpsAgAAQBAJ"]],
    ["language", "German title with its subtitle", "Zwischen den Laken: Erzählungen", "Ian McEwan", ["LOpsAgAAQBAJ"]],
    [
      "subtitle",
      "subtitle joined with 'and'",
      "In Between the Sheets and Other Stories",
      "Ian McEwan",
      ["OzE-nUJKfY4C", "K33HHnWQ8NYC"],
    ],
    ["translation", "the original next to its translation", "In Between the Sheets", "McEwan", ["K33HHnWQ8NYC", "OzE-nUJKfY4C"]],
    ["decoy", "a book named only in another volume's description", "Erste Liebe, letzte Riten", "Ian McEwan", []],
    ["decoy", "the original of a book the answer does not hold", "First Love, Last Rites", "Ian McEwan", []],
  ]),
  // q=intitle:"mistborn" (Spanish): series forms of Spanish shops.
  ...searchCases(volumesMistbornEs, [
    [
      "series",
      "Spanish shop form 'Series 1. Title'",
      "Nacidos de la bruma 1. El imperio final",
      "Brandon Sanderson",
      ["2gk0EAAAQBAJ"],
      "El imperio final",
    ],
    [
      "series",
      "series marker with a bracket inside it",
      "El Pozo de la Ascensión (Nacidos de la bruma, #2)",
      "Brandon Sanderson",
      ["i4A6EAAAQBAJ"],
    ],
  ]),
];
