/**
 * `npm run bench:cost`'s figures: what the cover engine costs a Convex deployment, from the calls
 * ./meter.ts recorded while the ordinary bench:covers workloads ran (an import of 1,000 books,
 * "Fetch missing covers" over 2,000, ten readers importing at once, and a 20,000-book reader
 * importing 500 rows), plus the table it prints.
 */
import type { Id } from "../../convex/_generated/dataModel";
import { insertBook } from "../../convex/model/bookWrites";
import schema from "../../convex/schema";
import { largeLibraryBook } from "../../tests/support/largeLibrary";
import type { TestConvex } from "../../tests/support/users";
import { CONVEX_CALL_LIMITS, DOCUMENT_SIZE_LIMIT, valueBytes, type CallKind, type CallRecord } from "./meter";

/** Calls the benchmark's driver makes to watch progress (a reactive query in the app, re-run on change): kept out of the counts, not out of the limits. */
export const DRIVER_CALLS = new Set(["coverBackfill:progress"]);

/** The drain step's action. */
export const DRAIN_STEP = "coverBackfill:drainImportBackfill";

export interface CostTotals {
  calls: Record<CallKind | "scheduled" | "total", number>;
  documentsRead: number;
  bytesRead: number;
  documentsWritten: number;
  bytesWritten: number;
  indexRanges: number;
  /** The functions called most, with their share of the documents read. */
  byFunction: { name: string; calls: number; documentsRead: number }[];
}

export function costTotals(calls: readonly CallRecord[]): CostTotals {
  const counted = calls.filter((c) => !DRIVER_CALLS.has(c.name));
  const sum = (pick: (c: CallRecord) => number) => counted.reduce((n, c) => n + pick(c), 0);
  const byName = new Map<string, { name: string; calls: number; documentsRead: number }>();
  for (const c of counted) {
    const row = byName.get(c.name) ?? { name: c.name, calls: 0, documentsRead: 0 };
    row.calls++;
    row.documentsRead += c.documentsRead;
    byName.set(c.name, row);
  }
  const kind = (k: CallKind) => counted.filter((c) => c.kind === k).length;
  return {
    calls: {
      query: kind("query"),
      mutation: kind("mutation"),
      action: kind("action"),
      scheduled: sum((c) => c.functionsScheduled),
      total: counted.length,
    },
    documentsRead: sum((c) => c.documentsRead),
    bytesRead: sum((c) => c.bytesRead),
    documentsWritten: sum((c) => c.documentsWritten),
    bytesWritten: sum((c) => c.bytesWritten),
    indexRanges: sum((c) => c.databaseQueries),
    byFunction: [...byName.values()].sort((a, b) => b.calls - a.calls).slice(0, 8),
  };
}

/** `totals` scaled to `per` books. */
export function perBooks(totals: CostTotals, books: number, per: number): Omit<CostTotals, "byFunction"> {
  const f = per / books;
  const scale = (x: number) => Math.round(x * f);
  return {
    calls: {
      query: scale(totals.calls.query),
      mutation: scale(totals.calls.mutation),
      action: scale(totals.calls.action),
      scheduled: scale(totals.calls.scheduled),
      total: scale(totals.calls.total),
    },
    documentsRead: scale(totals.documentsRead),
    bytesRead: scale(totals.bytesRead),
    documentsWritten: scale(totals.documentsWritten),
    bytesWritten: scale(totals.bytesWritten),
    indexRanges: scale(totals.indexRanges),
  };
}

export interface LimitUse {
  limit: string;
  limitValue: number;
  used: number;
  share: number;
  functionName: string;
}

/** For each per-call limit, the call that came closest to it. */
export function limitUses(calls: readonly CallRecord[]): LimitUse[] {
  return (Object.keys(CONVEX_CALL_LIMITS) as (keyof typeof CONVEX_CALL_LIMITS)[]).map((limit) => {
    let top: CallRecord | undefined;
    for (const c of calls) if (!top || c[limit] > top[limit]) top = c;
    const used = top?.[limit] ?? 0;
    const limitValue = CONVEX_CALL_LIMITS[limit];
    return { limit, limitValue, used, share: round(used / limitValue, 4), functionName: top?.name ?? "-" };
  });
}

/** The largest document of each table (against the 1 MiB document limit). */
export async function largestDocument(t: TestConvex): Promise<LimitUse> {
  let best = { used: 0, functionName: "-" };
  for (const table of Object.keys(schema.tables) as (keyof typeof schema.tables)[]) {
    const docs = await t.run((ctx) => ctx.db.query(table).collect());
    for (const doc of docs) {
      const size = valueBytes(doc);
      if (size > best.used) best = { used: size, functionName: `(a ${table} document)` };
    }
  }
  return {
    limit: "documentSize",
    limitValue: DOCUMENT_SIZE_LIMIT,
    used: best.used,
    share: round(best.used / DOCUMENT_SIZE_LIMIT, 4),
    functionName: best.functionName,
  };
}

/** Most actions a drain step had running at once: itself plus its child actions. */
export function concurrentActionsPerStep(calls: readonly CallRecord[]): number | null {
  const steps = calls.filter((c) => c.name === DRAIN_STEP);
  return steps.length === 0 ? null : Math.max(...steps.map((c) => 1 + c.childActions));
}

/**
 * Reservations of source slots: the calls that wrote a source's pacing document (`reserveSlots`
 * inside a step's start, an interactive lookup or a hedge), pauses aside; how often a minute,
 * and by which functions.
 */
export function reservationsOf(calls: readonly CallRecord[]): {
  calls: number;
  perMinute: number | null;
  byFunction: Record<string, number>;
} {
  const reserving = calls.filter((c) => c.tablesWritten.includes("sourcePacing") && c.name !== "coverBackfill:pauseSource");
  const byFunction: Record<string, number> = {};
  for (const c of reserving) byFunction[c.name] = (byFunction[c.name] ?? 0) + 1;
  const span = reserving.length > 1 ? reserving[reserving.length - 1].startedAt - reserving[0].startedAt : 0;
  return { calls: reserving.length, perMinute: span > 0 ? round((reserving.length / span) * 60_000, 1) : null, byFunction };
}

/** Rows per `insertBook` transaction when filling a large library (each insert also patches the kept counts). */
const FILL_CHUNK = 2_000;

/** Gives the reader `books` Goodreads-sized books (four in five with a found cover), straight into the database. */
export async function fillLibrary(t: TestConvex, userId: Id<"users">, books: number): Promise<void> {
  for (let start = 0; start < books; start += FILL_CHUNK) {
    await t.run(async (ctx) => {
      for (let n = start; n < Math.min(books, start + FILL_CHUNK); n++) await insertBook(ctx, largeLibraryBook(userId, n));
    });
  }
}

export interface CostReport {
  seed: number;
  import: {
    books: number;
    callsPer1000Books: number;
    calls: CostTotals["calls"];
    per1000Books: Omit<CostTotals, "byFunction">;
    totals: CostTotals;
    requests: number;
  };
  fetchMissing2000: { books: number; calls: CostTotals["calls"]; totals: CostTotals; requests: number };
  largestShareOfLimit: { share: number; functionName: string; limit: string };
  limits: LimitUse[];
  largeReader: { books: number; importRows: number };
  concurrentActionsPerStep: number | null;
  peakConcurrentActions: { import: number; tenReaders: number };
  reserveCallsPerGrant10Readers: number | null;
  tenReaders: {
    reserveCalls: number;
    requests: number;
    reserveCallsPerMinute: number | null;
    reservingFunctions: Record<string, number>;
  };
  realTimeMs: number;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`;
const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;

function callsLine(label: string, c: CostTotals["calls"]): string {
  return `  ${label.padEnd(34)}${String(c.total).padStart(6)}  (query ${c.query}, mutation ${c.mutation}, action ${c.action}; scheduled ${c.scheduled})`;
}

export function formatCostReport(r: CostReport): string {
  const p = r.import.per1000Books;
  const out = [
    "",
    `Cover engine cost on Convex (instrumented convex-test; seed ${r.seed})`,
    "",
    `Import of ${r.import.books} books and its drain (${r.import.requests} source requests), per 1,000 books:`,
    callsLine("function calls", p.calls),
    `  documents read / written          ${p.documentsRead} / ${p.documentsWritten}`,
    `  bytes read / written              ${kib(p.bytesRead)} / ${kib(p.bytesWritten)}`,
    `  index ranges                      ${p.indexRanges}`,
    `  most called                       ${r.import.totals.byFunction
      .slice(0, 5)
      .map((f) => `${f.name} ${f.calls}`)
      .join(", ")}`,
    "",
    `"Fetch missing covers" over ${r.fetchMissing2000.books} books (${r.fetchMissing2000.requests} source requests):`,
    callsLine("function calls", r.fetchMissing2000.calls),
    `  documents read / written          ${r.fetchMissing2000.totals.documentsRead} / ${r.fetchMissing2000.totals.documentsWritten}`,
    `  index ranges                      ${r.fetchMissing2000.totals.indexRanges}`,
    "",
    `Largest single call against each per-call limit (a ${r.largeReader.books}-book reader importing ${r.largeReader.importRows} rows, and every workload above):`,
    ...r.limits.map(
      (l) =>
        `  ${l.limit.padEnd(28)}${(/Bytes|bytes|Size/.test(l.limit) ? mib(l.used) : String(l.used)).padStart(10)} of ${
          /Bytes|bytes|Size/.test(l.limit) ? mib(l.limitValue) : l.limitValue
        }  ${(l.share * 100).toFixed(2).padStart(6)}%  ${l.functionName}`,
    ),
    `  largest share                     ${(r.largestShareOfLimit.share * 100).toFixed(2)}% (${r.largestShareOfLimit.limit}, ${r.largestShareOfLimit.functionName})`,
    "",
    `Actions: ${r.concurrentActionsPerStep ?? "-"} at once per drain step; peak at once in the deployment ${r.peakConcurrentActions.import} (one import), ${r.peakConcurrentActions.tenReaders} (ten imports)`,
    `Pacing with 10 readers importing: ${r.tenReaders.reserveCalls} reservations (pacing-document writes) for ${r.tenReaders.requests} requests sent: ${r.reserveCallsPerGrant10Readers ?? "-"} per request, ${r.tenReaders.reserveCallsPerMinute ?? "-"} a minute`,
    `  by ${Object.entries(r.tenReaders.reservingFunctions)
      .map(([name, n]) => `${name} ${n}`)
      .join(", ")}`,
    "",
  ];
  return out.join("\n");
}
