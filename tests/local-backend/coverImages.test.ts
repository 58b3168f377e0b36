// The offline backend's stand-in cover images: real PNGs the server's own cover check accepts.
import { PNG } from "pngjs";
import { checkCoverImage } from "../../lib/coverImage";
import { cachedCoverPng, coverPng, STANDIN_HEIGHT, STANDIN_WIDTH } from "../../tools/local-backend/coverImages";

const dune = { title: "Dune", authors: ["Frank Herbert"] };

describe("coverPng", () => {
  it("is a PNG of a cover's shape that the server's check accepts as a cover", async () => {
    const bytes = coverPng(dune);
    const decoded = PNG.sync.read(bytes);
    expect([decoded.width, decoded.height]).toEqual([STANDIN_WIDTH, STANDIN_HEIGHT]);
    const check = await checkCoverImage({ bytes: new Uint8Array(bytes), contentType: "image/png", source: "google-books" });
    expect(check).toMatchObject({ kind: "accepted", mime: "image/png", width: STANDIN_WIDTH, height: STANDIN_HEIGHT });
  });

  it("draws the same cover for the same book, and different ones for different books", () => {
    expect(coverPng(dune).equals(coverPng({ ...dune }))).toBe(true);
    const firstPixel = (title: string) => [...PNG.sync.read(coverPng({ title, authors: ["X"] })).data.subarray(0, 3)].join(",");
    const colours = new Set(["Emma", "Beloved", "Solaris", "Kindred", "Ulysses", "Middlemarch"].map(firstPixel));
    expect(colours.size).toBeGreaterThan(1);
  });

  it("is remembered per volume", () => {
    expect(cachedCoverPng("vol1", dune)).toBe(cachedCoverPng("vol1", dune));
  });
});
