/**
 * 10,000-row import files of every format, built in memory with each format's quirks, for the
 * parse benchmark (scripts/bench-import-parse.ts). Deterministic: the same rows every run.
 */
import { GOODREADS_COLUMNS } from "../../lib/import";

function check13(first12: string): string {
  let s = 0;
  for (let i = 0; i < 12; i++) s += (i % 2 ? 3 : 1) * Number(first12[i]);
  return String((10 - (s % 10)) % 10);
}
function check10(first9: string): string {
  let s = 0;
  for (let i = 0; i < 9; i++) s += (10 - i) * Number(first9[i]);
  const c = (11 - (s % 11)) % 11;
  return c === 10 ? "X" : String(c);
}
function isbns(i: number): { isbn10: string; isbn13: string } {
  const first9 = String(100_000_000 + i * 7919).slice(0, 9);
  return { isbn10: first9 + check10(first9), isbn13: "978" + first9 + check13("978" + first9) };
}
const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const quoteAll = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
const pad = (n: number) => String(n).padStart(2, "0");

const AUTHORS = [
  "Suzanne Collins",
  "Gabriel García  Márquez",
  "Halldo\u0301r Laxness",
  "Stanisław Lem",
  "村上春樹",
  "J.R.R.   Tolkien",
  "Toni Morrison",
];
const LAST_FIRST = [
  "Collins, Suzanne",
  "García Márquez, Gabriel",
  "Laxness, Halldór",
  "Lem, Stanisław",
  "Murakami, Haruki",
  "Tolkien, J. R. R.",
  "Morrison, Toni",
];
const SERIES = ["", " (The Secrets of Droon, #7.5)", " (Dune, #1)", "", " (Discworld, #12)"];
const SHELVES = ["to-read", "currently-reading", "read", "read", "read", "did-not-finish", "abandoned"];

export function goodreadsExport(rows: number): string {
  const isbnCell = (isbn: string) => `"=""${isbn}"""`;
  const lines = [GOODREADS_COLUMNS.join(",")];
  for (let i = 0; i < rows; i++) {
    const { isbn10, isbn13 } = isbns(i);
    const quirk = i % 10;
    const exclusive = SHELVES[i % SHELVES.length];
    const title = `Book ${i}, Part ${i % 3}${SERIES[i % SERIES.length]}${quirk === 3 ? ' "Special"  Edition' : ""}`;
    const author = AUTHORS[i % AUTHORS.length];
    const review = quirk === 7 ? 'Loved it, mostly.\nSecond line with "quotes".\n\nLast line.' : "";
    const cells = [
      String(1000 + i),
      quote(title),
      quote(author),
      quote(author.split(/\s+/).reverse().join(", ")),
      "",
      isbnCell(quirk === 5 ? "" : isbn10),
      isbnCell(quirk === 5 || quirk === 6 ? "" : isbn13),
      String(i % 6),
      "4.01",
      quote("Publisher, Inc."),
      "Paperback",
      String(100 + (i % 700)),
      String(1950 + (i % 70)),
      String(1900 + (i % 120)),
      exclusive === "read" ? `20${String(10 + (i % 14)).padStart(2, "0")}/0${1 + (i % 9)}/1${i % 10}` : "",
      quirk === 8 ? "14 March 2012" : `2023/0${1 + (i % 9)}/2${i % 9}`,
      quote(exclusive === "read" ? "favorites, sci-fi" : exclusive),
      quote(exclusive === "read" ? "favorites (#1), sci-fi (#2)" : `${exclusive} (#${i})`),
      exclusive,
      quote(review),
      "",
      "",
      exclusive === "read" ? "1" : "0",
      "0",
    ];
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

const SG_HEADER =
  "Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Last Date Read,Dates Read,Read Count,Moods,Pace,Character- or Plot-Driven?,Strong Character Development?,Loveable Characters?,Diverse Characters?,Flawed Characters?,Star Rating,Review,Content Warnings,Content Warning Description,Tags,Owned?";
const SG_STATUS = ["to-read", "currently-reading", "read", "read", "did-not-finish", "paused"];

export function storyGraphExport(rows: number): string {
  const lines = [SG_HEADER];
  for (let i = 0; i < rows; i++) {
    const { isbn13 } = isbns(i);
    const status = SG_STATUS[i % SG_STATUS.length];
    const read = status === "read";
    const cells = [
      quote(`Book ${i}: A Subtitle${SERIES[i % SERIES.length]}`),
      quote(i % 4 === 0 ? `${AUTHORS[i % 7]}, ${AUTHORS[(i + 1) % 7]}` : AUTHORS[i % 7]),
      '""',
      i % 9 === 0 ? `B0${String(i).padStart(8, "0")}` : isbn13,
      ["paperback", "hardcover", "digital", "audio"][i % 4],
      status,
      `2024/${pad(1 + (i % 12))}/${pad(1 + (i % 28))}`,
      read ? `"2024/${pad(1 + (i % 12))}/${pad(1 + (i % 28))}"` : '""',
      read
        ? `"2023/01/0${1 + (i % 9)}-2023/02/0${1 + (i % 9)}, 2024/${pad(1 + (i % 12))}/01-2024/${pad(1 + (i % 12))}/${pad(1 + (i % 28))}"`
        : '""',
      read ? "2" : "0",
      '"adventurous, tense"',
      "medium",
      "Plot",
      "Yes",
      "Yes",
      "No",
      "Yes",
      read ? String([5, 4.5, 3.75, 4, 2.25][i % 5]) : "",
      i % 11 === 0 ? quote("A review\nacross lines, with a comma.") : "",
      '""',
      "",
      quote(i % 2 ? "sci-fi, favourites" : ""),
      i % 3 ? "No" : "Yes",
    ];
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

export const LIBRARYTHING_COLUMNS = [
  "Book Id",
  "Title",
  "Sort Character",
  "Primary Author",
  "Primary Author Role",
  "Secondary Author",
  "Secondary Author Roles",
  "Publication",
  "Date",
  "Review",
  "Rating",
  "Comment",
  "Private Comment",
  "Summary",
  "Media",
  "Physical Description",
  "Weight",
  "Height",
  "Thickness",
  "Length",
  "Dimensions",
  "Page Count",
  "LCCN",
  "Acquired",
  "Date Started",
  "Date Read",
  "Barcode",
  "BCID",
  "Tags",
  "Collections",
  "Languages",
  "Original Languages",
  "LC Classification",
  "ISBN",
  "ISBNs",
  "Subjects",
  "Dewey Decimal",
  "Dewey Wording",
  "Other Call Number",
  "Copies",
  "Source",
  "Entry Date",
  "From Where",
  "OCLC",
  "Work id",
  "Lending Patron",
  "Lending Status",
  "Lending Start",
  "Lending End",
];
const LT_COLLECTIONS = [
  "Your library",
  "Your library, Currently reading",
  "Read but unowned",
  "Wishlist, To read",
  "Your library, Did not finish",
];

function libraryThingRows(rows: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const { isbn10, isbn13 } = isbns(i);
    const cell: Record<string, string> = {
      "Book Id": String(90_000 + i),
      Title: i % 13 === 0 ? `"Quoted" Title ${i}` : `Book ${i}: A Subtitle`,
      "Sort Character": "1",
      "Primary Author": LAST_FIRST[i % LAST_FIRST.length],
      Publication: `Publisher ${i % 50} (${1950 + (i % 70)}), Paperback`,
      Date: String(1950 + (i % 70)),
      Review: i % 17 === 0 ? 'She said "wow[Return][Return]Then stopped.' : "",
      Rating: String([5, 4.5, 3, 3.5, ""][i % 5]),
      "Page Count": `${100 + (i % 600)} `,
      "Date Started": i % 3 === 0 ? `[2023-${pad(1 + (i % 12))}-01]` : "",
      "Date Read": i % 2 === 0 ? `[2024-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}]` : "",
      Tags: i % 2 ? "fiction, favourites" : "",
      Collections: LT_COLLECTIONS[i % LT_COLLECTIONS.length],
      Languages: "English",
      ISBN: i % 7 === 0 ? "" : `[${isbn10}]`,
      ISBNs: `${isbn10}, ${isbn13}`,
      "Entry Date": `[2020-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}]`,
      Copies: "1",
      "Work id": String(500_000 + i),
    };
    out.push(LIBRARYTHING_COLUMNS.map((c) => cell[c] ?? ""));
  }
  return out;
}

export function libraryThingCsv(rows: number): string {
  return [LIBRARYTHING_COLUMNS, ...libraryThingRows(rows)].map((r) => r.map(quoteAll).join(",")).join("\n") + "\n";
}

export function libraryThingTsv(rows: number): string {
  return [LIBRARYTHING_COLUMNS, ...libraryThingRows(rows)].map((r) => r.join("\t")).join("\r\n") + "\r\n";
}

const CALIBRE_COLUMNS =
  "authors,author_sort,rating,library_name,timestamp,formats,size,isbn,identifiers,comments,tags,series,series_index,languages,title,cover,title_sort,publisher,pubdate,id,uuid,#read,#readdate".split(
    ",",
  );

export function calibreCatalog(rows: number): string {
  const lines = [CALIBRE_COLUMNS.join(",")];
  for (let i = 0; i < rows; i++) {
    const { isbn13 } = isbns(i);
    const read = i % 3 !== 0;
    const cell: Record<string, string> = {
      authors: i % 5 === 0 ? `${AUTHORS[i % 7]} & ${AUTHORS[(i + 3) % 7]}` : AUTHORS[i % 7],
      author_sort: LAST_FIRST[i % 7],
      rating: ["", "4.5", "3", "5", "2.5"][i % 5],
      library_name: "Books",
      timestamp: `2021-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}T22:41:16+01:00`,
      formats: "epub",
      size: String(100_000 + i),
      isbn: i % 6 === 0 ? "" : isbn13,
      identifiers: `goodreads:${1000 + i},isbn:${isbn13}`,
      comments: 'A description, with commas, and "quotes".',
      tags: "Fantasy, Humour",
      series_index: "1.0",
      languages: "eng",
      title: `Book ${i}: A Subtitle`,
      title_sort: `Book ${i}`,
      publisher: "Publisher",
      pubdate: i % 10 === 0 ? "0101-01-01T00:00:00+00:00" : `${1950 + (i % 70)}-03-01T00:00:00+00:00`,
      id: String(i + 1),
      uuid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      "#read": read ? "Yes" : "No",
      "#readdate": read ? `2022-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}T00:00:00+00:00` : "",
    };
    lines.push(CALIBRE_COLUMNS.map((c) => quoteAll(cell[c] ?? "")).join(","));
  }
  return "\ufeff" + lines.join("\n") + "\n";
}

export function genericCsv(rows: number): string {
  const lines = ["Title;Author;ISBN;Status;Rating;Date read"];
  for (let i = 0; i < rows; i++) {
    const padded = i % 8 === 0 ? `  "${AUTHORS[i % 7]}"` : AUTHORS[i % 7];
    lines.push(
      `Book ${i}, Part ${i % 3};${padded};${i % 4 ? isbns(i).isbn13 : ""};${["read", "Want to read", "reading", "DNF"][i % 4]};${["", "4,5", "3", "5"][i % 4]};${1 + (i % 12)}/${1 + (i % 28)}/2022`,
    );
  }
  return lines.join("\r\n") + "\r\n";
}

export function txtList(rows: number): string {
  const lines = ["# reading list"];
  for (let i = 0; i < rows; i++) {
    lines.push(
      i % 3 === 0
        ? `Book ${i} | ${AUTHORS[i % 7]} | ${isbns(i).isbn13}`
        : `${i + 1}. Book ${i} by ${AUTHORS[i % AUTHORS.length]}`,
    );
  }
  return lines.join("\n") + "\n";
}

export function markdownList(rows: number): string {
  const lines = ["---", "title: Reading list", "---", "", "# Reading list", ""];
  for (let i = 0; i < rows; i++) {
    if (i % 500 === 0) lines.push("", `## Part ${i / 500 + 1}`, "", "| Title | Author | ISBN |", "|---|---|---|");
    if (i % 500 < 100) lines.push(`| Book ${i} | ${AUTHORS[i % 7]} | ${isbns(i).isbn13} |`);
    else lines.push(`- [${i % 2 ? "x" : " "}] [Book ${i}](https://example.test/${i}) by **${AUTHORS[i % 7]}**`);
  }
  return lines.join("\n") + "\n";
}

const BOOKWYRM_HEADER =
  "title,author_text,remote_id,openlibrary_key,inventaire_id,librarything_key,goodreads_key,bnf_id,viaf,wikidata,asin,aasin,isfdb,isbn_10,isbn_13,oclc_number,start_date,finish_date,stopped_date,rating,review_name,review_cw,review_content,review_published,shelf,shelf_name,shelf_date";

export function bookWyrmExport(rows: number): string {
  const shelves = ["read", "to-read", "reading", "stopped-reading"];
  const lines = [BOOKWYRM_HEADER];
  for (let i = 0; i < rows; i++) {
    const { isbn10, isbn13 } = isbns(i);
    const shelf = shelves[i % shelves.length];
    const review = i % 5 === 0 ? quote(`<p>Review ${i}, with a comma.</p><p>Second paragraph.</p>`) : "";
    lines.push(
      [
        quote(`Book ${i}${SERIES[i % SERIES.length]}`),
        quote(AUTHORS[i % AUTHORS.length]),
        `https://bw.example/book/${i}`,
        "",
        "",
        "",
        String(1000 + i),
        "",
        "",
        "",
        "",
        "",
        "",
        isbn10,
        isbn13,
        "",
        `2020-${pad((i % 12) + 1)}-01`,
        shelf === "read" ? `2020-${pad((i % 12) + 1)}-20` : "",
        shelf === "stopped-reading" ? "2020-12-01" : "",
        String(i % 6),
        "",
        "",
        review,
        "",
        shelf,
        shelf,
        "2020-01-01",
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}

const LIBIB_HEADER =
  "item_type,title,creators,first_name,last_name,collection,ean_isbn13,upc_isbn10,description,publisher,publish_date,group,tags,notes,price,length,number_of_discs,number_of_players,age_group,ensemble,aspect_ratio,esrb,rating,review,review_date,status,began,completed,added,copies";

export function libibExport(rows: number): string {
  const statuses = ["Completed", "In progress", "Not begun", ""];
  const lines = [LIBIB_HEADER];
  for (let i = 0; i < rows; i++) {
    const { isbn10, isbn13 } = isbns(i);
    const type = i % 25 === 0 ? "movie" : "book";
    const status = statuses[i % statuses.length];
    lines.push(
      [
        type,
        quote(`Book ${i}`),
        quote(AUTHORS[i % AUTHORS.length]),
        "",
        "",
        "Books",
        isbn13,
        isbn10,
        "",
        "Publisher",
        "2001-02-03",
        "",
        quote("fiction, owned"),
        i % 7 === 0 ? quote("A note, with a comma") : "",
        "",
        String(100 + (i % 300)),
        "",
        "",
        "",
        "",
        "",
        "",
        String(i % 6),
        "",
        "",
        status,
        status ? "2021-01-01" : "",
        status === "Completed" ? "2021-02-01" : "",
        "2020-12-01",
        "1",
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}

const HARDCOVER_HEADER =
  "Title,Author,Series,Status,Privacy,Hardcover Book ID,Hardcover Edition ID,ISBN 10,ISBN 13,ASIN,Media,Country Code,Language Code,Binding,Pages,Duration in Seconds,Publish Date,Publisher,Genres,Moods,Tags,Content Warnings,Lists,Date Added,Date Started,Date Finished,Rating,Review,Review Contains Spoilers,Sponsored Review,Review Date,Review URL,Review Media URL,Private Notes,Owned,Compilation,Review Slate";

export function hardcoverExport(rows: number): string {
  const statuses = ["Read", "Want to Read", "Currently Reading", "Did Not Finish"];
  const lines = [HARDCOVER_HEADER];
  for (let i = 0; i < rows; i++) {
    const { isbn10, isbn13 } = isbns(i);
    const status = statuses[i % statuses.length];
    lines.push(
      [
        quote(`Book ${i}`),
        quote(`${AUTHORS[i % AUTHORS.length]}, Someone Else (Translator)`),
        "",
        status,
        "Public",
        String(i),
        String(10_000 + i),
        isbn10,
        isbn13,
        "",
        "Book",
        "us",
        "en",
        "",
        String(100 + (i % 300)),
        "",
        "2001-02-03",
        "Publisher",
        "",
        quote("dark, tense"),
        "",
        "",
        quote(`Owned, List ${i % 5} (#${i % 9})`),
        "2024-01-01",
        "2024-01-02",
        status === "Read" ? "2024-02-01" : "",
        String((i % 10) / 2),
        i % 6 === 0 ? quote("Good.\n\nReally.") : "",
        "false",
        "false",
        "",
        "",
        "",
        "",
        "true",
        "No",
        "{}",
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** LibraryThing's JSON export: an object of books keyed by book id. */
export function libraryThingJson(rows: number): string {
  const books: Record<string, unknown> = {};
  for (let i = 0; i < rows; i++) {
    const { isbn10, isbn13 } = isbns(i);
    books[String(90_000 + i)] = {
      books_id: String(90_000 + i),
      title: `Book ${i}`,
      primaryauthor: LAST_FIRST[i % LAST_FIRST.length],
      authors: [{ lf: LAST_FIRST[i % LAST_FIRST.length], fl: AUTHORS[i % AUTHORS.length] }],
      tags: ["fiction", `tag ${i % 13}`],
      collections: [i % 3 === 0 ? "Read but unowned" : "Your library"],
      originalisbn: isbn10,
      isbn: { "0": isbn10, "2": isbn13 },
      publication: "Publisher (2001), Paperback, 300 pages",
      date: "2001",
      ...(i % 2 === 0 ? { rating: (i % 10) / 2 + 0.5 } : {}),
      ...(i % 4 === 0 ? { review: "Good.[Return][Return]Really.", dateread: "2021-02-01" } : {}),
      entrydate: "2020-12-01",
      format: [{ code: i % 40 === 0 ? "3.1" : "1.1.1", text: i % 40 === 0 ? "DVD" : "Paperback" }],
    };
  }
  // Compact: LibraryThing indents its JSON, which for 10,000 books passes the 5 MB limit.
  return JSON.stringify(books);
}
