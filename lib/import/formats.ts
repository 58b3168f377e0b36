/**
 * The formats `parseImportFile` recognises, with the label the preview shows. The one list: the
 * Convex `imports.format` validator and the preview's labels derive from it, so a new format is
 * one line here and one parser file.
 */
export const IMPORT_FORMAT_LABELS = {
  goodreads: "Goodreads export",
  storygraph: "StoryGraph export",
  librarything: "LibraryThing export",
  calibre: "Calibre catalog",
  bookwyrm: "BookWyrm export",
  libib: "Libib export",
  hardcover: "Hardcover export",
  folio: "Folio export",
  csv: "CSV file",
  txt: "Text list",
} as const;

export type ImportFormat = keyof typeof IMPORT_FORMAT_LABELS;

export const IMPORT_FORMATS = Object.keys(IMPORT_FORMAT_LABELS) as [ImportFormat, ...ImportFormat[]];
