import { coverShapeProblem, MAX_COVER_ASPECT, MIN_COVER_SIDE_PX, sharpCoverWidth } from "@/lib/coverImage";

describe("coverShapeProblem", () => {
  it("keeps every size a source serves for a cover Folio asks for", () => {
    // Open Library -M and -L of a 2:3 cover, Google's zoom=1 thumbnail, a landscape -L.
    for (const size of [
      { width: 180, height: 270 },
      { width: 333, height: 500 },
      { width: 128, height: 192 },
      { width: 500, height: 333 },
    ]) {
      expect(coverShapeProblem(size)).toBeNull();
    }
  });

  it("calls a shorter side under MIN_COVER_SIDE_PX tiny, at the boundary too", () => {
    expect(coverShapeProblem({ width: 1, height: 1 })).toBe("tiny");
    expect(coverShapeProblem({ width: 39, height: 58 })).toBe("tiny");
    expect(coverShapeProblem({ width: MIN_COVER_SIDE_PX - 1, height: 90 })).toBe("tiny");
    expect(coverShapeProblem({ width: MIN_COVER_SIDE_PX, height: 90 })).toBeNull();
    expect(coverShapeProblem({ width: 180, height: MIN_COVER_SIDE_PX - 1 })).toBe("tiny");
  });

  it("calls a long side over MAX_COVER_ASPECT times the short one strip-shaped, either way round", () => {
    expect(coverShapeProblem({ width: 100 * MAX_COVER_ASPECT, height: 100 })).toBeNull();
    expect(coverShapeProblem({ width: 100 * MAX_COVER_ASPECT + 1, height: 100 })).toBe("strip_shaped");
    expect(coverShapeProblem({ width: 100, height: 100 * MAX_COVER_ASPECT + 1 })).toBe("strip_shaped");
    expect(coverShapeProblem({ width: 728, height: 90 })).toBe("strip_shaped");
  });
});

describe("sharpCoverWidth", () => {
  it("is the width of the 2:3 box an image fills without enlarging, capped at what the book page needs at 2×", () => {
    expect(sharpCoverWidth({ width: 333, height: 500 })).toBe(333);
    expect(sharpCoverWidth({ width: 128, height: 192 })).toBe(128);
    // A landscape image is limited by its height: 333 × 2/3.
    expect(sharpCoverWidth({ width: 500, height: 333 })).toBe(222);
    // A very large Google zoom=0 rendition is no sharper than 512 device pixels anywhere Folio shows it.
    expect(sharpCoverWidth({ width: 2164, height: 3398 })).toBe(512);
  });
});
