/** Google Books' client, kept at its former path for existing importers (the matching benchmark); it lives in sources/googleBooks/. */
export * from "./sources/googleBooks/client";
