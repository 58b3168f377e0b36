/** Open Library's work and edition records, kept at its former path for existing importers; they live in sources/openLibrary/. */
export * from "./sources/openLibrary/works";
