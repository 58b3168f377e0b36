import { describe, expect, test } from "vitest";
import { BOOK_STATUS_LABELS, BOOK_STATUSES, bookStatusLabel, isBookStatus } from "@/lib/books/status";
import { BOOK_STATUS_OPTIONS } from "@/components/book/status";

describe("the one status list", () => {
  test("has did-not-finish as the fourth status, each with a label", () => {
    expect(BOOK_STATUSES).toEqual(["want-to-read", "currently-reading", "read", "did-not-finish"]);
    expect(bookStatusLabel("did-not-finish")).toBe("Did not finish");
    for (const status of BOOK_STATUSES) expect(BOOK_STATUS_LABELS[status]).toMatch(/\S/);
  });

  test("recognises exactly the listed statuses", () => {
    for (const status of BOOK_STATUSES) expect(isBookStatus(status)).toBe(true);
    for (const other of ["dnf", "Read", "", "paused", undefined, 3]) expect(isBookStatus(other)).toBe(false);
  });

  test("feeds the form's options in the same order", () => {
    expect(BOOK_STATUS_OPTIONS.map((o) => o.value)).toEqual([...BOOK_STATUSES]);
    expect(BOOK_STATUS_OPTIONS.map((o) => o.label)).toEqual(BOOK_STATUSES.map((s) => BOOK_STATUS_LABELS[s]));
  });
});
