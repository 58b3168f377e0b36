import { bestRightCover, rankEquallyRightCovers, type CoverCandidateImage } from "@/lib/coverImage";

type Candidate = CoverCandidateImage & { key: string };

const keys = (ranked: readonly Candidate[]) => ranked.map((c) => c.key);

// Sizes as the sources serve them: Open Library -L and -M of a 2:3 cover, Google's zoom=1 thumbnail,
// Google's "image not available" tile (checked and refused), Open Library's 1×1 no-cover GIF.
const olLarge: Candidate = { key: "ol:L", size: { width: 333, height: 500 }, check: "accepted" };
const olMedium: Candidate = { key: "ol:M", size: { width: 180, height: 270 } };
const googleThumb: Candidate = { key: "gb:thumb", size: { width: 128, height: 192 }, check: "accepted" };
const googleTile: Candidate = { key: "gb:tile", size: { width: 575, height: 750 }, check: "refused" };
const olNoCover: Candidate = { key: "ol:none", size: { width: 1, height: 1 } };

describe("rankEquallyRightCovers", () => {
  it("puts the larger real image first and leaves placeholders and refused images out", () => {
    expect(keys(rankEquallyRightCovers([googleThumb, googleTile, olNoCover, olMedium, olLarge]))).toEqual([
      "ol:L",
      "ol:M",
      "gb:thumb",
    ]);
  });

  it("drops a known size no cover has (tiny or strip-shaped) even when nothing checked it", () => {
    const banner: Candidate = { key: "banner", size: { width: 468, height: 60 } };
    const sThumb: Candidate = { key: "ol:S", size: { width: 39, height: 58 } };
    expect(keys(rankEquallyRightCovers([banner, sThumb, olMedium]))).toEqual(["ol:M"]);
  });

  it("ranks a known size before an unknown one, however small the known one", () => {
    const unknown: Candidate = { key: "unknown" };
    expect(keys(rankEquallyRightCovers([unknown, googleThumb]))).toEqual(["gb:thumb", "unknown"]);
  });

  it("judges by the 2:3 box an image fills: a landscape 500×333 is softer than a 333×500", () => {
    const landscape: Candidate = { key: "landscape", size: { width: 500, height: 333 } };
    expect(keys(rankEquallyRightCovers([landscape, olLarge]))).toEqual(["ol:L", "landscape"]);
  });

  it("counts every image past what the sharpest view needs as equal, keeping the matcher's order", () => {
    const huge: Candidate = { key: "huge", size: { width: 2164, height: 3398 } };
    const ample: Candidate = { key: "ample", size: { width: 600, height: 900 } };
    expect(keys(rankEquallyRightCovers([ample, huge]))).toEqual(["ample", "huge"]);
    expect(keys(rankEquallyRightCovers([huge, ample]))).toEqual(["huge", "ample"]);
  });

  it("keeps the caller's order between equally sharp candidates and does not change its input", () => {
    const a: Candidate = { key: "a", size: { width: 333, height: 500 } };
    const b: Candidate = { key: "b", size: { width: 333, height: 500 } };
    const input = [b, googleThumb, a];
    expect(keys(rankEquallyRightCovers(input))).toEqual(["b", "a", "gb:thumb"]);
    expect(keys(input)).toEqual(["b", "gb:thumb", "a"]);
  });
});

describe("bestRightCover", () => {
  it("is the first of the ranking, or null when no candidate can be a cover", () => {
    expect(bestRightCover([googleThumb, olLarge])?.key).toBe("ol:L");
    expect(bestRightCover([googleTile, olNoCover])).toBeNull();
    expect(bestRightCover([])).toBeNull();
  });
});
