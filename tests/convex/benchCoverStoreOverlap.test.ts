/**
 * bench:cover-store's phase-2 figures come from the real write path: readers with overlapping
 * libraries share stored files (one per distinct source cover), never one per book.
 */
import { measureOverlap } from "../../scripts/coverStoreOverlap";
import { modules } from "./modules";

describe("bench:cover-store overlap", () => {
  it("stores one file per distinct cover, however many readers' books use it", async () => {
    const figures = await measureOverlap({ readers: 3, booksPerReader: 12, catalogue: 20, zipf: 1 }, modules);
    expect(figures.coveredBooks).toBe(36);
    // Overlapping libraries: fewer distinct covers than covered books...
    expect(figures.distinctCovers).toBeLessThan(figures.coveredBooks);
    expect(figures.distinctCovers).toBeGreaterThanOrEqual(12);
    // ...and exactly one stored file per distinct cover. (A request that times out on a busy machine
    // is sent again later, so requests are at least one per cover.)
    expect(figures.storedFiles).toBe(figures.distinctCovers);
    expect(figures.imageRequests).toBeGreaterThanOrEqual(figures.distinctCovers);
    expect(figures.storedFilesPer1000CoveredBooks).toBeCloseTo((figures.storedFiles / 36) * 1000, 0);
  });
});
