/**
 * `npm run bench:matching`: runs the cover lookup's real clients (Open Library search, Google search
 * and ISBN lookup) over every recorded real answer in the matching corpus (corpus.ts), each answer
 * served through an injected `fetchJson`, and prints precision and recall. Writes
 * bench-results/matching.json. No network.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { lookupGoogleCoverByIsbn, searchGoogleCover } from "../../lib/cover/googleBooks";
import type { FetchJson } from "../../lib/cover/http";
import { searchOpenLibraryCover } from "../../lib/cover/openLibrary";
import type { SourceOutcome } from "../../lib/cover/types";
import { MATCHING_CASES, type MatchingCase } from "./corpus";

type Verdict = "right" | "right_none" | "wrong" | "missed";

interface CaseResult {
  name: string;
  topic: string;
  kind: MatchingCase["kind"];
  expected: readonly (number | string)[];
  got: number | string | null;
  verdict: Verdict;
  /** null when the case names no expected query. */
  queryRight: boolean | null;
  sent: { title?: string; author?: string };
}

/** The cover id or volume id a found URL stands for. */
function keyOf(outcome: SourceOutcome): number | string | null {
  if (outcome.status !== "found") return null;
  const u = new URL(outcome.url);
  const ol = /^\/b\/id\/(\d+)-L\.jpg$/.exec(u.pathname);
  if (u.hostname === "covers.openlibrary.org" && ol) return Number(ol[1]);
  return u.searchParams.get("id");
}

/** What the request asked for: Open Library `title`/`author`, or Google's `intitle:`/`inauthor:`. */
function sentQuery(url: string): { title?: string; author?: string } {
  const p = new URL(url).searchParams;
  const q = p.get("q");
  if (q === null) return { title: p.get("title") ?? undefined, author: p.get("author") ?? undefined };
  return {
    title: /intitle:"([^"]*)"/.exec(q)?.[1],
    author: /inauthor:"([^"]*)"/.exec(q)?.[1],
  };
}

async function runCase(c: MatchingCase): Promise<CaseResult> {
  const urls: string[] = [];
  const fetchJson: FetchJson = async (url) => {
    urls.push(url);
    return { ok: true, status: 200, data: structuredClone(c.answer) };
  };
  let outcome: SourceOutcome;
  if (c.kind === "ol-search") outcome = await searchOpenLibraryCover(c.book, { fetchJson });
  else if (c.kind === "google-search") outcome = await searchGoogleCover(c.book, { apiKey: "bench", fetchJson });
  else outcome = await lookupGoogleCoverByIsbn(c.book.isbn ?? "", { apiKey: "bench", fetchJson }, c.book);
  const got = keyOf(outcome);
  const verdict: Verdict =
    got === null ? (c.expected.length === 0 ? "right_none" : "missed") : c.expected.includes(got) ? "right" : "wrong";
  const sent = urls[0] ? sentQuery(urls[0]) : {};
  const queryRight = c.query
    ? (c.query.title === undefined || c.query.title === sent.title) &&
      (c.query.author === undefined || c.query.author === sent.author)
    : null;
  return { name: c.name, topic: c.topic ?? "earlier", kind: c.kind, expected: c.expected, got, verdict, queryRight, sent };
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n / d) * 1000) / 1000;
}

/** Counts, precision (right covers / covers taken) and recall (right covers / cases that have a right cover). */
function tally(results: readonly CaseResult[]) {
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  const right = count("right");
  const wrong = count("wrong");
  const rightNone = count("right_none");
  return {
    cases: results.length,
    right: right + rightNone,
    rightCovers: right,
    rightNone,
    wrong,
    missed: count("missed"),
    precision: ratio(right, right + wrong),
    recall: ratio(right, results.filter((r) => r.expected.length > 0).length),
  };
}

function byTopic(results: readonly CaseResult[]): Record<string, ReturnType<typeof tally>> {
  const topics = [...new Set(results.map((r) => r.topic))];
  return Object.fromEntries(topics.map((t) => [t, tally(results.filter((r) => r.topic === t))]));
}

async function main() {
  const results: CaseResult[] = [];
  for (const c of MATCHING_CASES) results.push(await runCase(c));
  const queries = results.filter((r) => r.queryRight !== null);
  const summary = {
    ...tally(results),
    queriesChecked: queries.length,
    queriesRight: queries.filter((r) => r.queryRight).length,
  };
  const topics = byTopic(results);
  const { rightCovers: right, rightNone, wrong, missed } = summary;
  const git = (...a: string[]) => spawnSync("git", a, { encoding: "utf8" }).stdout?.trim() ?? "";
  const report = {
    summary,
    byTopic: topics,
    commit: git("rev-parse", "HEAD") || null,
    dirtyTree: git("status", "--porcelain") !== "",
    results,
  };

  console.info("Cover matching on recorded real answers (npm run bench:matching)\n");
  for (const r of results) {
    const mark = { right: "ok   ", right_none: "ok   ", wrong: "WRONG", missed: "MISS " }[r.verdict];
    const q = r.queryRight === false ? `  query sent ${JSON.stringify(r.sent)}` : "";
    console.info(
      `  ${mark} ${r.kind.padEnd(13)} ${r.topic.padEnd(11)} ${r.name}${r.verdict === "wrong" ? ` (took ${r.got})` : ""}${q}`,
    );
  }
  console.info(
    `\n  cases ${summary.cases}  right ${summary.right} (${right} covers, ${rightNone} correctly none)  wrong ${wrong}  missed ${missed}`,
  );
  console.info(
    `  precision ${summary.precision}  recall ${summary.recall}  queries right ${summary.queriesRight}/${summary.queriesChecked}`,
  );
  console.info("\n  topic        cases  right  wrong  missed  precision  recall");
  for (const [topic, t] of Object.entries(topics)) {
    const cells = [t.cases, t.right, t.wrong, t.missed].map((n) => String(n).padStart(5)).join("  ");
    console.info(
      `  ${topic.padEnd(11)} ${cells}  ${String(t.precision ?? "-").padStart(9)}  ${String(t.recall ?? "-").padStart(6)}`,
    );
  }
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/matching.json", JSON.stringify(report, null, 2) + "\n");
  console.info("  JSON: bench-results/matching.json");
}

void main();
