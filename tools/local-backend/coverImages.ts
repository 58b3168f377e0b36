/**
 * Generated stand-in cover images: the title and author on a colour, as an SVG. The offline
 * backend serves them for the volumes of its emulated catalogue, so a wall fills with covers that
 * are visibly "found" (unlike the app's own typographic placeholder) without any network.
 */
import type { CoverArt } from "../../scripts/bench/openCatalogue";
import { hashString } from "../../scripts/bench/model";

/** Deep jacket colours with a light ink (well above 4.5:1) and a bright accent for the illustration. */
const JACKETS = [
  ["#0f4c5c", "#f2e9d8", "#e36414"],
  ["#5f0f40", "#fbe8ef", "#fb8b24"],
  ["#264027", "#eef3df", "#b5c99a"],
  ["#3c1642", "#f3e6f7", "#1dd3b0"],
  ["#7a3b10", "#fff1e0", "#f4d35e"],
  ["#1b263b", "#e8eef7", "#e0a458"],
  ["#6b2737", "#fbeaec", "#f7b267"],
  ["#2f4858", "#e9f1f4", "#f6ae2d"],
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

/** A simple jacket illustration (so a found stand-in never looks like the app's typographic placeholder). */
function motif(kind: number, ink: string, accent: string): string {
  switch (kind) {
    case 0: // a sun over hills
      return `<circle cx="200" cy="170" r="96" fill="${accent}"/>
<path d="M0 300 Q100 220 200 280 T400 250 V330 H0 Z" fill="${ink}" fill-opacity="0.25"/>`;
    case 1: // diagonal bands
      return `<path d="M-40 250 L260 -50 H340 L40 250 Z" fill="${accent}"/>
<path d="M60 330 L400 -10 V70 L140 330 Z" fill="${ink}" fill-opacity="0.2"/>`;
    default: // mountains under a moon
      return `<circle cx="300" cy="90" r="38" fill="${ink}" fill-opacity="0.85"/>
<path d="M0 330 L110 150 L180 250 L260 120 L400 330 Z" fill="${accent}"/>`;
  }
}

export function coverSvg(art: CoverArt): string {
  const key = `${art.title}|${art.authors.join(",")}`;
  const hash = hashString(key);
  const [background, ink, accent] = JACKETS[hash % JACKETS.length];
  const titleLines = wrapWords(art.title, 14, 4);
  const fontSize = titleLines.length > 2 ? 32 : 38;
  const lineHeight = Math.round(fontSize * 1.2);
  const titleTop = 380;
  const title = titleLines
    .map((line, i) => `<tspan x="200" dy="${i === 0 ? 0 : lineHeight}">${escapeXml(line)}</tspan>`)
    .join("");
  const subtitle = art.subtitle
    ? `<text x="200" y="${titleTop + titleLines.length * lineHeight}" font-size="20" font-style="italic">${escapeXml(art.subtitle)}</text>`
    : "";
  const author = wrapWords(art.authors.join(" & ").toUpperCase(), 26, 2)
    .map((line, i) => `<tspan x="200" dy="${i === 0 ? 0 : 26}">${escapeXml(line)}</tspan>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="600" viewBox="0 0 400 600" role="img">
<title>${escapeXml(`${art.title} by ${art.authors.join(", ")}`)}</title>
<rect width="400" height="600" fill="${background}"/>
${motif(hashString(`motif:${key}`) % 3, ink, accent)}
<g fill="${ink}" font-family="'DejaVu Serif', Georgia, serif" text-anchor="middle">
<text x="200" y="${titleTop}" font-size="${fontSize}" font-weight="bold">${title}</text>
${subtitle}
<text x="200" y="552" font-family="'DejaVu Sans', Helvetica, Arial, sans-serif" font-size="17" letter-spacing="2">${author}</text>
</g>
</svg>
`;
}
