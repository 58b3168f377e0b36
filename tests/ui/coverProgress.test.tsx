// Cover progress a reader can trust: "N of M", a bar, the time left from the rate the screen
// measured, what a run waits for, and a status line that speaks only of meaningful changes.
// Time is virtual (a fake Date and interval): the test moves it, never a real clock.
import { act, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clockTime, CoverRunProgress } from "@/components/covers/CoverRunProgress";
import { TIME_LEFT_TICK_MS } from "@/components/covers/useTimeLeft";
import { CoverBackfillProgress } from "@/components/import/CoverBackfillProgress";
import type { Doc, Id } from "@/convex/_generated/dataModel";
import { api } from "@/convex/_generated/api";
import { DUE_RANK } from "@/convex/model/importBackfill";
import { renderWithConvex } from "../support/renderWithConvex";
import { createUser, newBackend, type TestConvex } from "../support/users";

const START = Date.parse("2025-06-01T09:00:00Z");

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"], now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Moves the virtual clock on by `ms`, one tick of the time-left clock at a time. */
async function pass(ms: number) {
  for (let left = ms; left > 0; left -= TIME_LEFT_TICK_MS) {
    await act(async () => {
      vi.advanceTimersByTime(Math.min(TIME_LEFT_TICK_MS, left));
    });
  }
}

type RunFields = Partial<Omit<Doc<"coverBackfills">, "_id" | "_creationTime">>;

/** An import of `total` books whose cover run stands as `run` says; returns a way to change it. */
async function importWithRun(t: TestConvex, userId: Id<"users">, run: RunFields & { total: number }) {
  const { importId, runId } = await t.run(async (ctx) => {
    const importId = await ctx.db.insert("imports", { userId, clientImportId: "p", format: "goodreads", createdAt: Date.now() });
    const runId = await ctx.db.insert("coverBackfills", {
      userId,
      trigger: "import",
      importId,
      processed: 0,
      found: 0,
      notFound: 0,
      state: "running",
      startedAt: Date.now(),
      updatedAt: Date.now(),
      ...run,
    });
    return { importId, runId };
  });
  const change = (fields: RunFields) => t.run((ctx) => ctx.db.patch(runId, { ...fields, updatedAt: Date.now() }));
  return { importId, change };
}

async function summaryOf(run: RunFields & { total: number }) {
  const t = newBackend();
  const { as, userId } = await createUser(t);
  const { importId, change } = await importWithRun(t, userId, run);
  const view = renderWithConvex(<CoverBackfillProgress importId={importId} />, { t, as });
  const set = async (fields: RunFields) => {
    await change(fields);
    await view.client.refresh();
  };
  return { set };
}

const bar = () => screen.getByRole("progressbar", { name: "Cover search progress" });
const status = () => screen.getByRole("status");

describe("the import summary's cover progress", () => {
  it("shows N of M and a bar, says it is estimating, then the time left from the rate it measured", async () => {
    const { set } = await summaryOf({ total: 480 });
    expect(await screen.findByText("0 of 480 books checked · 0 found")).toBeInTheDocument();
    expect(bar()).toHaveAttribute("aria-valuenow", "0");
    expect(bar()).toHaveAttribute("aria-valuemax", "480");
    expect(bar()).toHaveAttribute("aria-valuetext", "0 of 480 books checked");
    expect(screen.getByText("Estimating the time left…")).toBeInTheDocument();

    // 2 books a second, seen every 5 s: ten seconds in, still too little to go by.
    let processed = 0;
    for (let i = 0; i < 2; i++) {
      await pass(5_000);
      processed += 10;
      await set({ processed, found: processed });
    }
    expect(screen.getByText("20 of 480 books checked · 20 found")).toBeInTheDocument();
    expect(screen.getByText("Estimating the time left…")).toBeInTheDocument();

    for (let i = 0; i < 10; i++) {
      await pass(5_000);
      processed += 10;
      await set({ processed, found: processed });
    }
    // 120 of 480 after a minute: 360 left at 2 a second.
    expect(screen.getByText("120 of 480 books checked · 120 found")).toBeInTheDocument();
    expect(bar()).toHaveAttribute("aria-valuenow", "120");
    expect(screen.getByText("About 3 minutes left.")).toBeInTheDocument();
  });

  it("while the run waits for a paused source: names it and the time, with no countdown however long it waits", async () => {
    const until = START + 45 * 60_000;
    const { set } = await summaryOf({ total: 480 });
    let processed = 0;
    for (let i = 0; i < 12; i++) {
      await pass(5_000);
      processed += 10;
      await set({ processed, found: processed });
    }
    expect(screen.getByText("About 3 minutes left.")).toBeInTheDocument();

    await set({ waitingForSourceUntil: until, waitingForSource: "open-library" });
    const waiting = `Waiting for Open Library until ${clockTime(until)}.`;
    expect(screen.getByText(waiting)).toBeInTheDocument();
    expect(screen.queryByText(/left\.$/)).toBeNull();
    expect(status()).toHaveTextContent(waiting);

    // Twenty minutes into the pause: the same words, nothing counted down.
    await pass(20 * 60_000);
    expect(screen.getByText(waiting)).toBeInTheDocument();
    expect(screen.queryByText(/left\.$/)).toBeNull();

    // The pause over and the run going again at its old pace: the time left comes back from the
    // rate before the pause, not diluted by the twenty minutes of waiting.
    await pass(until - Date.now());
    await set({ waitingForSourceUntil: undefined, waitingForSource: undefined });
    for (let i = 0; i < 4; i++) {
      await pass(5_000);
      processed += 10;
      await set({ processed, found: processed });
    }
    expect(screen.getByText("160 of 480 books checked · 160 found")).toBeInTheDocument();
    expect(screen.getByText(/^About [23] minutes left\.$/)).toBeInTheDocument();
  });

  it("while the import's ISBN batches go, says it is estimating however fast they go; then the searches' pace alone", async () => {
    const t = newBackend();
    const { as, userId } = await createUser(t);
    const { importId, change } = await importWithRun(t, userId, { total: 1000 });
    // Books still waiting for their ISBN batch (queued at the ISBN rank, as an import queues them).
    const bookId = await as.mutation(api.books.create, { title: "Queued", author: "Someone", status: "read" });
    const queued = await t.run(async (ctx) => {
      const runId = (await ctx.db.query("coverBackfills").first())!._id;
      return await ctx.db.insert("coverBackfillQueue", { backfillId: runId, userId, bookId, dueAt: DUE_RANK.isbn });
    });
    const view = renderWithConvex(<CoverBackfillProgress importId={importId} />, { t, as });
    const set = async (fields: RunFields) => {
      await change(fields);
      await view.client.refresh();
    };
    await screen.findByText("0 of 1,000 books checked · 0 found");
    // 100 books every 5 s for a minute: a rate that would say "less than a minute" for the rest.
    let processed = 0;
    for (let i = 0; i < 12; i++) {
      await pass(5_000);
      processed += 50;
      await set({ processed, found: processed });
    }
    expect(screen.getByText("600 of 1,000 books checked · 600 found")).toBeInTheDocument();
    expect(screen.getByText("Estimating the time left…")).toBeInTheDocument();

    // The batches are through (the last one still lands a moment later), then title searches at 1
    // book a second. Their pace alone counts: no estimate from the last batch and one search...
    await t.run((ctx) => ctx.db.patch("coverBackfillQueue", queued, { dueAt: DUE_RANK.searchWithoutIsbn }));
    await set({ processed });
    await pass(2_000);
    processed += 100;
    await set({ processed, found: processed });
    await pass(3_000);
    processed += 5;
    await set({ processed, found: processed });
    expect(screen.getByText("705 of 1,000 books checked · 705 found")).toBeInTheDocument();
    expect(screen.getByText("Estimating the time left…")).toBeInTheDocument();
    // ...and 35 s in, the searches' own (265 books at 1 a second), not the batches'.
    for (let i = 0; i < 6; i++) {
      await pass(5_000);
      processed += 5;
      await set({ processed, found: processed });
    }
    expect(screen.getByText(/^About [45] minutes left\.$/)).toBeInTheDocument();
  });

  it("a pause with no source named says the cover source", async () => {
    const until = START + 10 * 60_000;
    await summaryOf({ total: 40, processed: 12, waitingForSourceUntil: until });
    expect(await screen.findByText(`Waiting for the cover source until ${clockTime(until)}.`)).toBeInTheDocument();
  });

  it("ends with the final counts and a full bar", async () => {
    const { set } = await summaryOf({ total: 4 });
    await screen.findByText("0 of 4 books checked · 0 found");
    await set({ processed: 4, found: 3, notFound: 1, state: "done", finishedAt: Date.now() });
    expect(status()).toHaveTextContent("Covers: 3 found, 1 not found. Finished.");
    expect(bar()).toHaveAttribute("aria-valuenow", "4");
    expect(bar()).toHaveAttribute("aria-valuemax", "4");
    expect(screen.queryByText(/left\.$|Estimating/)).toBeNull();
  });
});

describe("the status line", () => {
  function renderRun(props: { processed: number; total: number; found: number; waiting?: { until: number; source?: string } }) {
    const view = render(<CoverRunProgress {...props} />);
    return (next: typeof props) => view.rerender(<CoverRunProgress {...next} />);
  }

  it("is a polite status that speaks of meaningful changes only: not every book, not every tick", async () => {
    const update = renderRun({ processed: 0, total: 200, found: 0 });
    const line = status();
    expect(line).toHaveAttribute("aria-atomic", "true");
    expect(line).toHaveTextContent("0 of 200 books checked · 0 found. Estimating the time left…");
    // The moving numbers and the bar are outside any live region that would read them out.
    expect(screen.getByText("0 of 200 books checked · 0 found").closest("[aria-live]")).toHaveAttribute("aria-live", "off");

    // A few books, and time passing: the numbers move, the status line stays.
    update({ processed: 6, total: 200, found: 5 });
    await pass(5_000);
    update({ processed: 12, total: 200, found: 10 });
    await pass(5_000);
    expect(screen.getByText("12 of 200 books checked · 10 found")).toBeInTheDocument();
    expect(line).toHaveTextContent("0 of 200 books checked · 0 found. Estimating the time left…");

    // Another tenth done: said once, with the numbers as they are then.
    update({ processed: 20, total: 200, found: 17 });
    expect(line).toHaveTextContent("20 of 200 books checked · 17 found. Estimating the time left…");

    // The first estimate is worth saying; its changes within a tenth, book by book and tick by
    // tick, are not.
    for (let processed = 22; processed <= 30; processed += 2) {
      await pass(5_000);
      update({ processed, total: 200, found: processed });
    }
    expect(screen.getByText("30 of 200 books checked · 30 found")).toBeInTheDocument();
    expect(screen.getByText(/^About \d+ minutes left\.$/)).toBeInTheDocument();
    expect(line).toHaveTextContent(/^2\d of 200 books checked · 2\d found\. About \d+ minutes left\.$/);
    const said = line.textContent;
    for (let i = 0; i < 6; i++) await pass(5_000);
    update({ processed: 38, total: 200, found: 38 });
    expect(line.textContent).toBe(said);
  });

  it("says when a pause begins and when it ends", async () => {
    const until = START + 5 * 60_000;
    const update = renderRun({ processed: 50, total: 200, found: 40 });
    update({ processed: 50, total: 200, found: 40, waiting: { until, source: "google-books" } });
    expect(status()).toHaveTextContent(`Waiting for Google Books until ${clockTime(until)}.`);
    await pass(5 * 60_000);
    update({ processed: 50, total: 200, found: 40 });
    expect(status()).toHaveTextContent("50 of 200 books checked · 40 found. Estimating the time left…");
  });

  it("never shows a count past the total or a negative time left", () => {
    renderRun({ processed: 30, total: 25, found: 30 });
    expect(screen.getByText("30 of 30 books checked · 30 found")).toBeInTheDocument();
    const progress = screen.getByRole("progressbar");
    expect(progress).toHaveAttribute("aria-valuenow", "30");
    expect(progress).toHaveAttribute("aria-valuemax", "30");
    expect(within(progress.parentElement!).getByText("Less than a minute left.")).toBeInTheDocument();
  });
});
