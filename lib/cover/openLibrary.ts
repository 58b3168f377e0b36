/** Open Library's client, kept at its former path for existing importers (the matching benchmark); it lives in sources/openLibrary/. */
export * from "./sources/openLibrary/client";
