/**
 * axe-core in the journeys: the engine is read from node_modules (the `axe-core` package) and
 * evaluated in the page, never fetched. `expectAccessible(page, label)` runs it over the whole page
 * (an open dialog included) and fails on any serious or critical violation; every result, moderate
 * and minor ones too, is written to e2e-results/axe/<label>.json for review.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";
import { RESULTS_DIR } from "./servers";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Impacts that fail a journey. */
const FAILING = new Set(["serious", "critical"]);

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending nodes (first few). */
  nodes: string[];
}

const slug = (s: string) =>
  s
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();

/** Every axe violation on the page as it is now (WCAG 2.x A and AA, and axe's best practices). */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  // Evaluated through the DevTools protocol: a page's Content-Security-Policy does not apply.
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return await page.evaluate(async () => {
    type AxeResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } }).axe;
    const result = await axe.run(document, {
      resultTypes: ["violations"],
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(" ")),
    }));
  });
}

/**
 * Runs axe on the page (and whatever dialog is open in it), records the findings under `label`,
 * and throws when any is serious or critical.
 */
export async function expectAccessible(page: Page, label: string): Promise<AxeFinding[]> {
  // Animations settle first: a dialog caught mid-fade reads as low contrast.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const findings = await axeFindings(page);
  const dir = path.join(RESULTS_DIR, "axe");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${slug(label)}.json`), JSON.stringify({ url: page.url(), findings }, null, 2) + "\n");
  const failing = findings.filter((f) => FAILING.has(f.impact ?? ""));
  if (failing.length > 0) {
    const lines = failing.map((f) => `  ${f.impact} ${f.id}: ${f.help} — ${f.nodes.join(" | ")}`);
    throw new Error(`axe found ${failing.length} serious or critical violation(s) on ${label}:\n${lines.join("\n")}`);
  }
  return findings;
}
