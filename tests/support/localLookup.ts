/**
 * The cover lookup (lib/backfill/runBatch.ts) over the registered sources with real HTTP (msw in
 * tests), without Convex: every slot granted at once, nothing stored but the facts it learns.
 */
import { runLookup, type LookupBook, type LookupSummary } from "@/lib/backfill/runBatch";
import { factId, type CatalogueFact } from "@/lib/cover/catalogue";
import { fetchJson, type FetchJson } from "@/lib/cover/http";
import { enabledCoverSources, lookupStages } from "@/lib/cover/sources";

export interface LocalLookupOptions {
  env?: Record<string, string | undefined>;
  facts?: CatalogueFact[];
  fetch?: FetchJson;
  contact?: string;
}

/** Looks the books up; returns the summary and every fact learnt. */
export async function lookUpLocally<Id extends string>(
  books: LookupBook<Id>[],
  options: LocalLookupOptions = {},
): Promise<LookupSummary<Id> & { learnt: CatalogueFact[] }> {
  const learnt: CatalogueFact[] = [];
  const grantAll = (needs: Record<string, number>) =>
    Object.fromEntries(Object.entries(needs).map(([s, n]) => [s, { slots: Array.from({ length: n }, () => Date.now()) }]));
  const summary = await runLookup(
    books,
    {
      stages: lookupStages(enabledCoverSources(options.env ?? {})),
      facts: new Map((options.facts ?? []).map((f) => [factId(f.stage, f.key), f])),
      paused: new Map(),
    },
    {
      now: () => Date.now(),
      sleepUntil: async () => {},
      send: (url) => (options.fetch ?? fetchJson)(url, { contact: options.contact }),
      pause: async (_source, error) => Date.now() + (error.kind === "rate_limited" ? (error.retryAfterMs ?? 2000) : 3_600_000),
      begin: async (needs, bookIds) => ({ claimed: bookIds, grants: grantAll(needs) }),
      commit: async (results, next) => {
        learnt.push(...results.facts);
        return {
          written: results.written.map(() => "updated" as const),
          failed: results.failed.map(() => "recorded" as const),
          ...(next ? { grants: grantAll(next) } : {}),
        };
      },
    },
    { budgetEnd: Date.now() + 60_000 },
  );
  return { ...summary, learnt };
}

/** One book's outcome as `internal.actions.coverFetch.search` gives it. */
export async function lookUpOne(
  book: Omit<LookupBook, "id">,
  options: LocalLookupOptions = {},
): Promise<{ apiCoverUrl: string; apiSource: string } | { reason: string }> {
  const { records } = await lookUpLocally([{ id: "one", ...book }], options);
  const state = records[0].state;
  if (state.phase === "written") return { apiCoverUrl: state.url, apiSource: state.source };
  if (state.phase === "failed") return { reason: state.reason };
  return { reason: state.phase === "deferred" && state.why === "source_paused" ? "rate_limited" : "not_sent" };
}
