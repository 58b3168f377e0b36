// The offline backend's stand-in cover images.
import { coverSvg, wrapWords } from "../../tools/local-backend/coverImages";

describe("coverSvg", () => {
  it("sets the title and author, escaped, in a well-formed SVG", () => {
    const svg = coverSvg({ title: `Tom & Jerry <"Cat">`, authors: ["O'Brien"] });
    expect(svg).toContain("<title>Tom &amp; Jerry &lt;&quot;Cat&quot;&gt; by O&apos;Brien</title>");
    expect(svg).not.toMatch(/<"Cat">/);
    expect(svg.startsWith("<?xml")).toBe(true);
    expect(svg).toContain('width="400" height="600"');
  });

  it("draws the same cover for the same book, and different ones for different books", () => {
    const a = coverSvg({ title: "Dune", authors: ["Frank Herbert"] });
    expect(coverSvg({ title: "Dune", authors: ["Frank Herbert"] })).toBe(a);
    const others = ["Emma", "Beloved", "Solaris", "Kindred", "Ulysses"].map((t) => coverSvg({ title: t, authors: ["X"] }));
    expect(
      new Set(others.map((svg) => /<rect width="400" height="600" fill="(#[0-9a-f]+)"/.exec(svg)?.[1])).size,
    ).toBeGreaterThan(1);
  });
});

describe("wrapWords", () => {
  it("wraps at the width and ends a cut text with an ellipsis", () => {
    expect(wrapWords("The Left Hand of Darkness", 14, 4)).toEqual(["The Left Hand", "of Darkness"]);
    expect(wrapWords("a b c d e f g h", 3, 2)).toEqual(["a b", "c d…"]);
  });
});
