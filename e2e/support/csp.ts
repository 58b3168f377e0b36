/**
 * Content-Security-Policy violations in a journey's browser, from both places a browser reports
 * them: `securitypolicyviolation` events in every page and frame (reported to the test through a
 * binding, which the page's policy cannot block) and the console lines Chromium writes for a
 * refused script, style, image, connection or frame, or for a policy header it could not read.
 * The journey harness fails a journey that leaves any (e2e/support/journey.ts).
 */
import type { BrowserContext, ConsoleMessage, Page } from "playwright-core";

/** One violation as the page saw it: the directive, what was blocked, where. */
export interface CspViolation {
  via: "event" | "console";
  page: string;
  text: string;
}

export interface CspWatch {
  /** Listens to a page's console too (the events come from every page of the context already). */
  watchPage(page: Page): void;
  /** The violations so far, removed from the watch (for a journey that provokes one on purpose). */
  take(): CspViolation[];
  /** The violations so far, left in place. */
  violations(): readonly CspViolation[];
}

const BINDING = "__folioReportCspViolation";

/** Console lines Chromium writes for what a Content-Security-Policy (or a Permissions-Policy header) refused. */
const CONSOLE_VIOLATION =
  /Content Security Policy|Refused to (load|execute|apply|connect|frame|create|evaluate|compile|display)|Permissions-Policy/i;

/** What a `securitypolicyviolation` event says, as the binding receives it. */
interface ViolationEvent {
  directive: string;
  blocked: string;
  source: string;
  line: number;
  sample: string;
}

/** Starts watching `context` for violations. Call before the journey opens its first page. */
export async function watchCspViolations(context: BrowserContext): Promise<CspWatch> {
  let found: CspViolation[] = [];
  await context.exposeBinding(BINDING, ({ page }, event: ViolationEvent) => {
    const where = event.source ? ` at ${event.source}:${event.line}` : "";
    const sample = event.sample ? ` (${event.sample})` : "";
    found.push({
      via: "event",
      page: page.url(),
      text: `${event.directive} blocked ${event.blocked || "inline"}${where}${sample}`,
    });
  });
  await context.addInitScript((binding) => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as Record<string, (v: unknown) => void>)[binding];
      void report?.({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        source: e.sourceFile,
        line: e.lineNumber,
        sample: e.sample,
      });
    });
  }, BINDING);
  return {
    watchPage(page: Page) {
      page.on("console", (message: ConsoleMessage) => {
        if (CONSOLE_VIOLATION.test(message.text())) found.push({ via: "console", page: page.url(), text: message.text() });
      });
    },
    take() {
      const taken = found;
      found = [];
      return taken;
    },
    violations: () => found,
  };
}

/** One line per violation, for an error message or a failure file. */
export function describeViolations(violations: readonly CspViolation[]): string {
  return violations.map((v) => `[${v.via}] ${v.page}: ${v.text}`).join("\n");
}
