import { coverKeepingFor } from "@/lib/coverImage";

describe("coverKeepingFor", () => {
  it("keeps a copy of Open Library covers, fetched at its large size", () => {
    expect(coverKeepingFor("open-library")).toEqual({ keep: "stored-copy", size: "L" });
  });

  it("keeps Google Books covers as links: its terms forbid permanent copies", () => {
    expect(coverKeepingFor("google-books")).toEqual({ keep: "link", reason: "terms_forbid_copies" });
  });

  it("keeps the link for any source whose terms nobody has reviewed, including names of object members", () => {
    for (const source of ["a-new-source", "", "constructor", "__proto__", "toString"]) {
      expect(coverKeepingFor(source)).toEqual({ keep: "link", reason: "terms_not_reviewed" });
    }
  });
});
