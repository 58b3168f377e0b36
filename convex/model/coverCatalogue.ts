/**
 * The deployment's catalogue of cover facts (lib/cover/catalogue.ts) in the `coverCatalogue` table:
 * read before any request, written with each step's results. Facts say nothing about readers.
 */
import { factExpiresAt, factId, factKeyFor, type CatalogueFact } from "../../lib/cover/catalogue";
import type { LookupBook } from "../../lib/backfill/bookState";
import type { EnabledSource } from "../../lib/cover/sources";
import type { LookupStage } from "../../lib/cover/sources/types";
import type { MutationCtx, QueryCtx } from "../_generated/server";

async function factDoc(ctx: QueryCtx, stage: string, key: string) {
  return await ctx.db
    .query("coverCatalogue")
    .withIndex("by_stage_key", (q) => q.eq("stage", stage).eq("key", key))
    .unique();
}

/** The fresh fact for a stage and key, or null. */
export async function readFact(ctx: QueryCtx, stage: string, key: string, now: number): Promise<CatalogueFact | null> {
  const doc = await factDoc(ctx, stage, key);
  if (!doc || doc.expiresAt <= now) return null;
  return { stage: doc.stage, key: doc.key, known: doc.known, covers: doc.covers };
}

/**
 * The fresh facts the books' lookups would ask for first: for each book, each enabled stage's fact,
 * except a stage that asks only about ISBNs its source did not know, which is read only when the
 * source's ISBN fact is missing or says "unknown". One index lookup per fact read.
 */
export async function readFactsFor(
  ctx: QueryCtx,
  books: readonly Pick<LookupBook, "title" | "author" | "isbn">[],
  stages: readonly { stage: LookupStage; source: EnabledSource }[],
  now: number,
): Promise<CatalogueFact[]> {
  const found = new Map<string, CatalogueFact>();
  const asked = new Set<string>();
  for (const book of books) {
    const knownTo = new Set<string>();
    for (const { stage, source } of stages) {
      const key = factKeyFor(stage, book);
      if (key === null) continue;
      if (stage.kind === "isbn" && stage.onlyUnknownIsbns && knownTo.has(source.adapter.id)) continue;
      const id = factId(stage.id, key);
      if (!asked.has(id)) {
        asked.add(id);
        const fact = await readFact(ctx, stage.id, key, now);
        if (fact) found.set(id, fact);
      }
      const fact = found.get(id);
      if (stage.kind === "isbn" && fact?.known) knownTo.add(source.adapter.id);
    }
  }
  return [...found.values()];
}

/** Keeps what a step learnt: each fact replaces the stage's earlier one for its key. */
export async function recordFacts(ctx: MutationCtx, facts: readonly CatalogueFact[], now: number): Promise<void> {
  const seen = new Set<string>();
  for (const fact of facts) {
    const id = factId(fact.stage, fact.key);
    if (seen.has(id)) continue;
    seen.add(id);
    const doc = await factDoc(ctx, fact.stage, fact.key);
    const fields = { known: fact.known, covers: fact.covers, checkedAt: now, expiresAt: factExpiresAt(fact, now) };
    if (doc) await ctx.db.patch("coverCatalogue", doc._id, fields);
    else await ctx.db.insert("coverCatalogue", { stage: fact.stage, key: fact.key, ...fields });
  }
}
