import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import { BOOK_STATUSES } from "../../lib/books/status";
import { createUser, newBackend } from "../support/users";

describe("bookStatus validator (derived from lib/books/status.ts)", () => {
  test("books.create and books.update accept every listed status, did-not-finish included", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    for (const status of BOOK_STATUSES) {
      const id = await as.mutation(api.books.create, { title: `Book ${status}`, author: "A", status });
      expect((await as.query(api.books.get, { bookId: id }))?.status).toBe(status);
    }
    const id = await as.mutation(api.books.create, { title: "Abandoned", author: "A", status: "currently-reading" });
    await as.mutation(api.books.update, { bookId: id, status: "did-not-finish" });
    expect((await as.query(api.books.get, { bookId: id }))?.status).toBe("did-not-finish");
  });

  test("a status outside the list is rejected at the boundary", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await expect(
      // @ts-expect-error -- not a status: the validator must refuse it
      as.mutation(api.books.create, { title: "X", author: "A", status: "paused" }),
    ).rejects.toThrow();
  });

  test("an import row can carry did-not-finish", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const result = await as.mutation(api.imports.commit, {
      clientImportId: "dnf-import",
      format: "storygraph",
      rows: [{ line: 2, title: "Given Up", author: "B", status: "did-not-finish" }],
    });
    expect(result.created).toBe(1);
    expect((await as.query(api.books.get, { bookId: result.createdBookIds[0] }))?.status).toBe("did-not-finish");
  });
});
