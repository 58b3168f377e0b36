/**
 * Long text a reader wrote (reviews, notes) as the exports write it, read into plain text: Folio
 * stores and shows reviews as text, never as HTML.
 */
import { decodeHTML } from "entities";
import { cleanLongText } from "../books/readerFields";

/** Plain long text: cleaned (see `cleanLongText`), `undefined` when blank. */
export function readLongText(raw: string | undefined): string | undefined {
  const text = cleanLongText(raw);
  return text === "" ? undefined : text;
}

const TAG = /<\/?[a-zA-Z][^<>]*>/g;

/**
 * HTML as Goodreads (and BookWyrm) export reviews: `<br/>` and `<br>` become line breaks, a
 * paragraph boundary a blank line, every other tag is dropped (its text kept), and entities
 * (`&amp;`, `&quot;`, `&#39;`…) are decoded. Text without tags or entities is left as it is.
 */
export function htmlToText(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const text = raw
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>\s*<p(?:\s[^<>]*)?>/gi, "\n\n")
    .replace(TAG, "");
  return readLongText(text.includes("&") ? decodeHTML(text) : text);
}

/** LibraryThing writes paragraph breaks inside a field as "[Return]". */
export function libraryThingText(raw: string | undefined): string | undefined {
  return readLongText((raw ?? "").replace(/\[Return\]/g, "\n"));
}
