import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { checkCoverImage, KNOWN_PLACEHOLDERS } from "@/lib/coverImage";
import { COVER_MAX_BYTES } from "@/lib/books/coverFile";
import { COVER_IMAGE_FIXTURES, readCoverImageFixture } from "../../fixtures/coverImages/manifest";

const md5Hex = (bytes: Uint8Array) => bytesToHex(md5(bytes));
const fixture = readCoverImageFixture;

describe("checkCoverImage on every fixture (tests/fixtures/coverImages)", () => {
  it.each(COVER_IMAGE_FIXTURES.map((f) => [f.file, f] as const))("%s", async (_file, f) => {
    const result = await checkCoverImage({ bytes: fixture(f.file), source: f.source });
    expect(result.kind === "accepted" ? "accepted" : result.reason).toBe(f.expect);
  });

  it("has at least one real captured placeholder and refuses every placeholder fixture", async () => {
    const placeholders = COVER_IMAGE_FIXTURES.filter((f) => f.kind === "placeholder");
    expect(placeholders.some((f) => f.capture === "real")).toBe(true);
    for (const f of placeholders) {
      expect(await checkCoverImage({ bytes: fixture(f.file), source: f.source })).toEqual({
        kind: "refused",
        reason: "placeholder",
      });
    }
  });
});

describe("placeholders", () => {
  it("the Open Library fixture is the real capture: its MD5 is the one public code recorded for Open Library's no-cover answer", () => {
    const bytes = fixture("openlibrary-no-cover.gif");
    expect(bytes.byteLength).toBe(43);
    const recorded = KNOWN_PLACEHOLDERS.find((p) => p.source === "open-library");
    expect(md5Hex(bytes)).toBe(recorded?.md5);
  });

  it("refuses a known placeholder by its bytes whichever source it is said to come from", async () => {
    const bytes = fixture("openlibrary-no-cover.gif");
    for (const source of ["open-library", "google-books", "a-new-source"]) {
      expect(await checkCoverImage({ bytes, source, contentType: "image/jpeg" })).toEqual({
        kind: "refused",
        reason: "placeholder",
      });
    }
  });

  it("refuses any image whose MD5 is on the known list (the list is what decides)", async () => {
    const bytes = fixture("standin-cover-333x500.jpg");
    expect((await checkCoverImage({ bytes, source: "open-library" })).kind).toBe("accepted");
    const known = [{ md5: md5Hex(bytes), source: "open-library", description: "test" }];
    expect(await checkCoverImage({ bytes, source: "open-library" }, { knownPlaceholders: known })).toEqual({
      kind: "refused",
      reason: "placeholder",
    });
  });

  it("refuses any 1×1 image by its shape, even when its bytes are not on the list (Open Library's 807-byte GIF of 2020)", async () => {
    const bytes = fixture("openlibrary-no-cover-2020.standin.gif");
    expect(KNOWN_PLACEHOLDERS.map((p) => p.md5)).not.toContain(md5Hex(bytes));
    for (const source of ["open-library", "google-books"]) {
      expect(await checkCoverImage({ bytes, source })).toEqual({ kind: "refused", reason: "placeholder" });
    }
  });

  it("treats a GIF as Open Library's placeholder only when Open Library served it", async () => {
    const bytes = fixture("standin-cover-333x500.gif");
    expect(await checkCoverImage({ bytes, source: "open-library" })).toEqual({ kind: "refused", reason: "placeholder" });
    expect(await checkCoverImage({ bytes, source: "google-books" })).toMatchObject({ kind: "accepted", mime: "image/gif" });
  });

  it("treats a 575×750 PNG as Google's 'image not available' tile only when Google served it", async () => {
    const bytes = fixture("googlebooks-image-not-available-575x750.standin.png");
    expect(await checkCoverImage({ bytes, source: "google-books" })).toEqual({ kind: "refused", reason: "placeholder" });
    expect(await checkCoverImage({ bytes, source: "open-library" })).toMatchObject({ kind: "accepted", width: 575, height: 750 });
  });
});

describe("what is an image", () => {
  it("accepts a cover and reports what it detected from the bytes", async () => {
    const bytes = fixture("standin-cover-333x500.jpg");
    expect(await checkCoverImage({ bytes, source: "open-library", contentType: "image/jpeg" })).toEqual({
      kind: "accepted",
      mime: "image/jpeg",
      width: 333,
      height: 500,
      bytes: bytes.byteLength,
      md5: md5Hex(bytes),
    });
  });

  it("goes by the bytes, not the label: a JPEG labelled image/png or octet-stream is a JPEG", async () => {
    const bytes = fixture("standin-cover-180x270.jpg");
    for (const contentType of ["image/png", "application/octet-stream", undefined, null, ""]) {
      expect(await checkCoverImage({ bytes, source: "open-library", contentType })).toMatchObject({
        kind: "accepted",
        mime: "image/jpeg",
      });
    }
  });

  it("refuses an answer labelled as a page or data, whatever its first bytes look like", async () => {
    const bytes = fixture("standin-cover-180x270.jpg");
    for (const contentType of ["text/html", "Text/HTML; charset=utf-8", "application/json", "application/xml", "text/plain"]) {
      expect(await checkCoverImage({ bytes, source: "open-library", contentType })).toEqual({
        kind: "refused",
        reason: "not_an_image",
      });
    }
  });

  it("refuses an empty body, an HTML page, an SVG and a TIFF as not an image Folio shows", async () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const svg = text('<svg xmlns="http://www.w3.org/2000/svg" width="333" height="500"><rect width="333" height="500"/></svg>');
    const tiff = new Uint8Array([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, ...new Array(64).fill(0)]);
    for (const bytes of [new Uint8Array(0), fixture("not-an-image.html"), svg, tiff]) {
      expect(await checkCoverImage({ bytes, source: "open-library", contentType: "image/jpeg" })).toEqual({
        kind: "refused",
        reason: "not_an_image",
      });
    }
  });

  it("refuses a body over the 5 MB an uploaded cover may have, before reading it", async () => {
    const head = fixture("standin-cover-333x500.jpg");
    const big = new Uint8Array(COVER_MAX_BYTES + 1);
    big.set(head);
    expect(await checkCoverImage({ bytes: big, source: "open-library" })).toEqual({ kind: "refused", reason: "too_large" });
    const atLimit = big.subarray(0, COVER_MAX_BYTES);
    expect((await checkCoverImage({ bytes: atLimit, source: "open-library" })).kind).toBe("accepted");
  });

  it("refuses a JPEG whose header is cut off before its size as dimensions_unreadable", async () => {
    const bytes = fixture("standin-cover-truncated.jpg");
    expect(await checkCoverImage({ bytes, source: "open-library" })).toEqual({
      kind: "refused",
      reason: "dimensions_unreadable",
    });
  });

  it("reports the displayed size of a JPEG whose EXIF orientation turns it a quarter", async () => {
    const bytes = fixture("standin-cover-333x500-exif-orientation-8.jpg");
    expect(await checkCoverImage({ bytes, source: "google-books" })).toMatchObject({ kind: "accepted", width: 333, height: 500 });
  });
});

describe("sizes no cover has", () => {
  it("refuses Open Library's -S size (39×58) as tiny and keeps its -M size (180×270)", async () => {
    expect(await checkCoverImage({ bytes: fixture("standin-cover-39x58.jpg"), source: "open-library" })).toEqual({
      kind: "refused",
      reason: "tiny",
    });
    expect(await checkCoverImage({ bytes: fixture("standin-cover-180x270.jpg"), source: "open-library" })).toMatchObject({
      kind: "accepted",
      width: 180,
      height: 270,
    });
  });

  it("refuses a 468×60 banner as strip-shaped", async () => {
    expect(await checkCoverImage({ bytes: fixture("standin-banner-468x60.png"), source: "google-books" })).toEqual({
      kind: "refused",
      reason: "strip_shaped",
    });
  });
});
