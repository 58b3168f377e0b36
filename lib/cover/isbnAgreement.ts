/**
 * Does an answer to a book's ISBN show that book? An ISBN is strong evidence, but readers' files
 * carry wrong ones (a row titled "New Moon" with Eclipse's ISBN), so an ISBN answer's cover is taken
 * only when one of the titles it carries (the edition's, or its work's) agrees with the book's title:
 * a translated or retitled edition passes through its work's title. An answer with no title at all
 * cannot contradict the book. Agreement is looser than a title search's match, where nothing else
 * vouches for the result: the same title with a subtitle or series marker on one side, or a title
 * that goes on after punctuation ("The Hobbit, or There and Back Again" for "The Hobbit"), agrees;
 * "Dune Messiah" does not agree with "Dune".
 */
import { normalizeText } from "../books/text";
import { matchScore, titleMatchScore } from "./match";
import { cleanTitle, splitSeriesSuffix } from "./titleText";
import type { IsbnCover } from "./sources/types";

/** Lower case, accents folded, spaces collapsed, punctuation kept; a leading article dropped. */
function folded(title: string): string {
  return splitSeriesSuffix(cleanTitle(title))
    .title.normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(?:the|a|an) /, "");
}

/** One title is the other followed by punctuation and more ("The Hobbit, or There and Back Again"). */
function continuesAfterPunctuation(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [folded(a), folded(b)] : [folded(b), folded(a)];
  if (!short || normalizeText(short) === "") return false;
  if (short === long) return true;
  return long.startsWith(short) && /^\s*[,:;.(/[–—-]/u.test(long.slice(short.length));
}

/** Whether the book's title agrees with one title of an ISBN answer. */
export function isbnTitleAgrees(bookTitle: string, answerTitle: string): boolean {
  if (titleMatchScore(bookTitle, answerTitle) > 0) return true;
  return continuesAfterPunctuation(bookTitle, answerTitle);
}

/**
 * Whether the cover an ISBN answer offers may be the book's: a book without a title cannot disagree;
 * a cover that needs the author too (`cover.authors`: an answer that does not itself list the ISBN)
 * must match title and author.
 */
export function isbnAnswerAgrees(book: { title?: string; author?: string }, cover: IsbnCover): boolean {
  const title = book.title?.trim() ?? "";
  if (cover.authors) {
    const author = book.author?.trim() ?? "";
    if (!title || !author) return false;
    return cover.titles.some((t) => matchScore({ title, author }, { title: t, authors: cover.authors! }) > 0);
  }
  if (!title || normalizeText(title) === "") return true;
  if (cover.titles.length === 0) return true;
  return cover.titles.some((t) => isbnTitleAgrees(title, t));
}
