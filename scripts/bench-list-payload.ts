/**
 * What one `books.list` result costs: bytes of the JSON the client receives and documents read,
 * for a 2,000- and a 20,000-book library (convex-test, in memory).
 *
 *   npx tsx scripts/bench-list-payload.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { convexTest } from "convex-test";
import { convexToJson, type Value } from "convex/values";
import { api } from "../convex/_generated/api";
import { listBooks } from "../convex/model/books";
import schema from "../convex/schema";
import { largeLibraryBook } from "../tests/support/largeLibrary";
import { convexTestModules } from "./convexTestModules";

const FILL_CHUNK = 2_000;

async function measure(books: number) {
  const t = convexTest({ schema, modules: convexTestModules() });
  const userId = await t.run((ctx) => ctx.db.insert("users", { name: "Bench" }));
  const sessionId = await t.run((ctx) => ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 }));
  const as = t.withIdentity({ subject: `${userId}|${sessionId}` });
  for (let start = 0; start < books; start += FILL_CHUNK) {
    await t.run(async (ctx) => {
      for (let n = start; n < Math.min(books, start + FILL_CHUNK); n++) await ctx.db.insert("books", largeLibraryBook(userId, n));
    });
  }
  const result = await as.query(api.books.list, {});
  const bytes = JSON.stringify(convexToJson(result as unknown as Value)).length;
  const documentsRead = await t.run(async (ctx) => {
    await listBooks(ctx, userId);
    return (await ctx.meta.getTransactionMetrics()).documentsRead.used;
  });
  return { books, items: result.length, bytes, documentsRead };
}

async function main(): Promise<void> {
  const runs = [];
  for (const books of [2_000, 20_000]) {
    const run = await measure(books);
    console.info(JSON.stringify(run));
    runs.push(run);
  }
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/list-payload.json", JSON.stringify({ runs }, null, 2) + "\n");
}

await main();
