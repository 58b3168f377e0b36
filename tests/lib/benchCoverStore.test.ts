import { coverStoreReport, percentile } from "../../scripts/bench-cover-store";
import { COVER_IMAGE_FIXTURES, type CoverImageFixture } from "../fixtures/coverImages/manifest";

describe("bench:cover-store report", () => {
  it("percentile is nearest-rank and null for no values", () => {
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([40, 10, 30, 20], 95)).toBe(40);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it("counts the real captured placeholders apart from the stand-ins; without an overlap run the phase-2 figures are null", async () => {
    const report = await coverStoreReport();
    const realPlaceholders = COVER_IMAGE_FIXTURES.filter((f) => f.kind === "placeholder" && f.capture === "real");
    expect(report.placeholders.tried).toBe(realPlaceholders.length);
    expect(report.placeholders.refused).toBe(report.placeholders.tried);
    expect(report.placeholders.standIns.tried).toBe(
      COVER_IMAGE_FIXTURES.filter((f) => f.kind === "placeholder" && f.capture === "stand-in").length,
    );
    expect(report.storedFilesPer1000CoveredBooks).toBeNull();
    expect(report.distinctCoversPer1000CoveredBooks).toBeNull();
    expect(report.bytesPerCover).toMatchObject({ p50: null, p95: null, covers: 0 });
    expect(report.bytesPerCover.note).toBeTruthy();
  });

  it("reports what the check decides: a 'placeholder' the check accepts is tried but not refused; real covers give bytes", async () => {
    const fixtures: CoverImageFixture[] = [
      { file: "openlibrary-no-cover.gif", source: "open-library", capture: "real", kind: "placeholder", expect: "placeholder" },
      { file: "standin-cover-333x500.jpg", source: "open-library", capture: "real", kind: "placeholder", expect: "accepted" },
      { file: "standin-cover-180x270.jpg", source: "open-library", capture: "real", kind: "cover", expect: "accepted" },
      { file: "standin-cover-39x58.jpg", source: "open-library", capture: "real", kind: "cover", expect: "tiny" },
    ];
    const report = await coverStoreReport(fixtures);
    expect(report.placeholders).toMatchObject({ tried: 2, refused: 1 });
    // Only the accepted cover counts: the tiny one is no cover Folio would store.
    expect(report.bytesPerCover).toEqual({ p50: 5718, p95: 5718, covers: 1 });
  });
});
