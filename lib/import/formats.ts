/** The formats `parseImportFile` recognises; the Convex `imports.format` validator derives from this list. */
export const IMPORT_FORMATS = ["goodreads", "storygraph", "librarything", "calibre", "csv", "txt"] as const;

export type ImportFormat = (typeof IMPORT_FORMATS)[number];
