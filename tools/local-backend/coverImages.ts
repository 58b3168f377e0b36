/**
 * Generated stand-in cover images: the title and author on a colour, as an SVG. The offline
 * backend serves them for the volumes of its emulated catalogue, so a wall fills with covers that
 * are visibly "found" (unlike the app's own typographic placeholder) without any network.
 */
import type { CoverArt } from "../../scripts/bench/openCatalogue";
import { hashString } from "../../scripts/bench/model";

/** Deep jacket colours with a light ink (all well above 4.5:1). */
const JACKETS = [
  ["#0f4c5c", "#f2e9d8"],
  ["#5f0f40", "#fbe8ef"],
  ["#264027", "#eef3df"],
  ["#3c1642", "#f3e6f7"],
  ["#7a3b10", "#fff1e0"],
  ["#1b263b", "#e8eef7"],
  ["#6b2737", "#fbeaec"],
  ["#2f4858", "#e9f1f4"],
] as const;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Greedy word wrap to lines of at most `width` characters (a long word gets its own line). */
export function wrapWords(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && (last + " " + word).length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = `${lines[maxLines - 1].replace(/[\s.,;:]+$/, "")}…`;
  }
  return lines;
}

export function coverSvg(art: CoverArt): string {
  const [background, ink] = JACKETS[hashString(`${art.title}|${art.authors.join(",")}`) % JACKETS.length];
  const titleLines = wrapWords(art.title, 14, 5);
  const fontSize = titleLines.length > 3 ? 40 : 48;
  const lineHeight = Math.round(fontSize * 1.15);
  const title = titleLines
    .map((line, i) => `<tspan x="200" dy="${i === 0 ? 0 : lineHeight}">${escapeXml(line)}</tspan>`)
    .join("");
  const subtitle = art.subtitle
    ? `<text x="200" y="${200 + titleLines.length * lineHeight + 12}" font-size="22" font-style="italic">${escapeXml(art.subtitle)}</text>`
    : "";
  const author = wrapWords(art.authors.join(" & "), 24, 2)
    .map((line, i) => `<tspan x="200" dy="${i === 0 ? 0 : 30}">${escapeXml(line)}</tspan>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="600" viewBox="0 0 400 600" role="img">
<title>${escapeXml(`${art.title} by ${art.authors.join(", ")}`)}</title>
<rect width="400" height="600" fill="${background}"/>
<rect x="18" y="18" width="364" height="564" fill="none" stroke="${ink}" stroke-opacity="0.55" stroke-width="3"/>
<rect x="30" y="30" width="340" height="540" fill="none" stroke="${ink}" stroke-opacity="0.3" stroke-width="1"/>
<g fill="${ink}" font-family="Georgia, 'DejaVu Serif', serif" text-anchor="middle">
<text x="200" y="200" font-size="${fontSize}" font-weight="bold">${title}</text>
${subtitle}
<line x1="150" y1="470" x2="250" y2="470" stroke="${ink}" stroke-width="2"/>
<text x="200" y="510" font-size="24" letter-spacing="1">${author}</text>
</g>
</svg>
`;
}
