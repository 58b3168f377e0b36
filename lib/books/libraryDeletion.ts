/** What a reader types to confirm "Delete all my books"; the Settings page asks for it and the server checks it. */
export const DELETE_CONFIRMATION = "DELETE";
