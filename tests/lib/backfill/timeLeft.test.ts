// The time left of a cover run, on virtual time: every sample and every "now" is a number the test
// chooses, so nothing depends on a clock or on the machine's speed.
import {
  estimateTimeLeft,
  recordSample,
  timeLeftText,
  TIME_LEFT_SETTINGS,
  type ProgressSample,
  type TimeLeft,
} from "@/lib/backfill/timeLeft";

const T0 = Date.parse("2025-06-01T09:00:00Z");
const s = (seconds: number) => T0 + seconds * 1000;

/** Samples of a run seen every `everyS` seconds from `fromS` to `toS`, `perSample` books each time. */
function steady(fromS: number, toS: number, everyS: number, perSample: number, startAt = 0): ProgressSample[] {
  const out: ProgressSample[] = [];
  for (let t = fromS, n = startAt; t <= toS; t += everyS, n += perSample) out.push({ at: s(t), processed: n });
  return out;
}

const minutesOf = (left: TimeLeft) => {
  if (left.kind !== "estimate") throw new Error(`expected an estimate, got ${left.kind}`);
  return left.ms / 60_000;
};

describe("estimateTimeLeft", () => {
  it("says nothing before there is evidence: no samples, one sample, or too little working time", () => {
    expect(estimateTimeLeft({ samples: [], remaining: 100, now: s(0) })).toEqual({ kind: "estimating" });
    expect(estimateTimeLeft({ samples: [{ at: s(0), processed: 0 }], remaining: 100, now: s(60) })).toEqual({
      kind: "estimating",
    });
    // Ten steps, but in 15 s: under the 20 s of evidence it waits for.
    const quick = steady(0, 15, 1.5, 5);
    expect(estimateTimeLeft({ samples: quick, remaining: 400, now: s(15) })).toEqual({ kind: "estimating" });
    // The same run a little later has said enough.
    const longer = [...quick, ...steady(16.5, 24, 1.5, 5, 55)];
    expect(estimateTimeLeft({ samples: longer, remaining: 400, now: s(24) }).kind).toBe("estimate");
  });

  it("one jump is not a rate: a single step after a long quiet start stays 'estimating'", () => {
    const samples = [
      { at: s(0), processed: 0 },
      { at: s(40), processed: 50 },
    ];
    expect(estimateTimeLeft({ samples, remaining: 430, now: s(45) })).toEqual({ kind: "estimating" });
    // A second step makes it a rate.
    const more = [...samples, { at: s(50), processed: 60 }];
    expect(estimateTimeLeft({ samples: more, remaining: 420, now: s(50) }).kind).toBe("estimate");
  });

  it("a steady run: what is left divided by the measured rate", () => {
    // 2 books a second, seen every 5 s for a minute.
    const samples = steady(0, 60, 5, 10);
    const left = estimateTimeLeft({ samples, remaining: 360, now: s(60) });
    expect(minutesOf(left)).toBeCloseTo(3, 5);
    expect(timeLeftText((left as { ms: number }).ms)).toBe("about 3 minutes");
  });

  it("fast ISBN batches first, slow title searches after: the estimate follows the slow rate, not the start's", () => {
    // 900 books in the first 30 s (ISBN batches of 150), then 1 book a second.
    const fast = steady(0, 30, 5, 150);
    const slow = steady(35, 150, 5, 5, 905);
    const samples = [...fast, ...slow];
    const now = s(150);
    const remaining = 1195 - samples.at(-1)!.processed;
    const left = estimateTimeLeft({ samples, remaining, now });
    // At the slow rate the rest takes `remaining` seconds; the rate since the start would promise
    // a sixth of that.
    const sinceStart = samples.at(-1)!.processed / 150;
    expect(remaining / sinceStart / 60).toBeLessThan(0.6 * (remaining / 60));
    expect(minutesOf(left)).toBeGreaterThan((0.9 * remaining) / 60);
    expect(minutesOf(left)).toBeLessThan((1.1 * remaining) / 60);
  });

  it("right after the ISBN batches end, believes the title searches' pace from their second step, not a minute later", () => {
    // The shape bench:offline-import measured (1,195 books, offline): ISBN batches of about 50 books
    // every 5 s for a minute, then title searches of 5 books each, 2.3 s and 5 s apart in turn
    // (about 1.37 books a second).
    const isbn = steady(0, 60, 5, 50);
    const searches: ProgressSample[] = [];
    for (let i = 1, at = 60, n = 600; i <= 40; i++) {
      at += i % 2 === 1 ? 2.3 : 5;
      n += 5;
      searches.push({ at: s(at), processed: n });
    }
    const total = 1195;
    const slowRate = 10 / 7.3; // books a second
    // From the second search step on, at every 5 s tick for the next two minutes, the estimate never
    // promises the end much sooner than the searches' pace will bring it: the ISBN rate (still most
    // of the last 45 s) would have said "less than a minute" with 8 minutes to go.
    const secondStep = searches[1].at;
    for (let now = secondStep; now <= secondStep + 120_000; now += 5_000) {
      const samples = [...isbn, ...searches.filter((x) => x.at <= now)];
      const remaining = total - samples.at(-1)!.processed;
      const left = estimateTimeLeft({ samples, remaining, now });
      const atSlowRateS = remaining / slowRate;
      expect(minutesOf(left) * 60, `at ${(now - T0) / 1000} s`).toBeGreaterThan(0.8 * atSlowRateS);
      expect(minutesOf(left) * 60, `at ${(now - T0) / 1000} s`).toBeLessThan(1.25 * atSlowRateS);
    }
  });

  it("during a fast first phase (an import's ISBN batches) says it is estimating, however steady the pace", () => {
    const samples = steady(0, 60, 5, 50).map((x) => ({ ...x, phase: "isbn" }));
    expect(estimateTimeLeft({ samples, remaining: 400, now: s(60), fastPhase: true })).toEqual({ kind: "estimating" });
    // A paused source is still said during it.
    expect(estimateTimeLeft({ samples, remaining: 400, now: s(60), fastPhase: true, waitingUntil: s(600) })).toEqual({
      kind: "waiting",
      until: s(600),
    });
    // The same samples outside such a phase give an estimate.
    expect(estimateTimeLeft({ samples, remaining: 400, now: s(60) }).kind).toBe("estimate");
  });

  it("a run that steps unevenly (steps of 5 books, 2.3 s and 5 s apart in turn) gets a steady estimate", () => {
    const samples: ProgressSample[] = [{ at: s(0), processed: 0 }];
    for (let i = 1, at = 0; i <= 60; i++) samples.push({ at: s((at += i % 2 === 1 ? 2.3 : 5)), processed: 5 * i });
    const estimates: number[] = [];
    for (let now = samples[20].at; now <= samples.at(-1)!.at; now += 1_000) {
      const seen = samples.filter((x) => x.at <= now);
      estimates.push(minutesOf(estimateTimeLeft({ samples: seen, remaining: 600 - seen.at(-1)!.processed, now })));
    }
    // Between two steps it may grow (nothing moved), never by more than the gap between steps
    // makes honest; it never jumps down by more than a step's worth.
    for (let i = 1; i < estimates.length; i++) expect(estimates[i] - estimates[i - 1]).toBeGreaterThan(-0.15);
  });

  it("believes a slowdown within the recent part of the window, and a speed-up only once it lasts", () => {
    // 4 books a second for two minutes, then 1 a second.
    const before = steady(0, 120, 5, 20);
    const after = steady(125, 170, 5, 5, 485);
    const slowedLeft = estimateTimeLeft({ samples: [...before, ...after], remaining: 600, now: s(170) });
    expect(minutesOf(slowedLeft)).toBeCloseTo(10, 0);

    // 1 a second for two minutes, then 4 a second: twenty seconds in, the slower rate still holds.
    const slow = steady(0, 120, 5, 5);
    const quick = steady(125, 140, 5, 20, 140);
    const early = estimateTimeLeft({ samples: [...slow, ...quick], remaining: 600, now: s(140) });
    const quickLonger = steady(125, 250, 5, 20, 140);
    const later = estimateTimeLeft({ samples: [...slow, ...quickLonger], remaining: 600, now: s(250) });
    expect(minutesOf(early)).toBeGreaterThan(4);
    expect(minutesOf(later)).toBeCloseTo(2.5, 1);
  });

  it("while a source is paused: no countdown, only what it waits for, at every moment of the pause", () => {
    const samples = [...steady(0, 60, 5, 10), { at: s(61), processed: 120, waiting: true }];
    const until = s(61 + 45 * 60);
    for (const now of [s(62), s(600), s(1800), until - 1]) {
      expect(estimateTimeLeft({ samples, remaining: 360, now, waitingUntil: until })).toEqual({ kind: "waiting", until });
    }
    // A pause that has ended is no longer said.
    expect(estimateTimeLeft({ samples, remaining: 360, now: until, waitingUntil: until }).kind).not.toBe("waiting");
  });

  it("the time spent waiting is not working time: after a long pause the rate is the rate before it", () => {
    const before = steady(0, 60, 5, 10);
    const paused: ProgressSample = { at: s(61), processed: 120, waiting: true };
    const resumed = steady(61 + 600, 61 + 610, 5, 10, 120);
    const left = estimateTimeLeft({ samples: [...before, paused, ...resumed], remaining: 360, now: s(671) });
    expect(minutesOf(left)).toBeGreaterThan(2.5);
    expect(minutesOf(left)).toBeLessThan(3.5);
  });

  it("while nothing moves (no pause said), the estimate grows instead of counting down, then admits it cannot tell", () => {
    const samples = steady(0, 60, 5, 10);
    const atLast = minutesOf(estimateTimeLeft({ samples, remaining: 360, now: s(60) }));
    const later = minutesOf(estimateTimeLeft({ samples, remaining: 360, now: s(80) }));
    const stillLater = minutesOf(estimateTimeLeft({ samples, remaining: 360, now: s(100) }));
    expect(later).toBeGreaterThan(atLast);
    expect(stillLater).toBeGreaterThan(later);
    // The whole recent part of the window without a step: the rate is unknown, not zero.
    expect(estimateTimeLeft({ samples, remaining: 360, now: s(106) })).toEqual({ kind: "estimating" });
    expect(estimateTimeLeft({ samples, remaining: 360, now: s(600) })).toEqual({ kind: "estimating" });
  });

  it("is never negative: nothing left is 0, and so is a count past the total", () => {
    const samples = steady(0, 60, 5, 10);
    expect(estimateTimeLeft({ samples, remaining: 0, now: s(60) })).toEqual({ kind: "estimate", ms: 0 });
    expect(estimateTimeLeft({ samples, remaining: -12, now: s(60) })).toEqual({ kind: "estimate", ms: 0 });
    // A "now" before the last sample (a clock that moved back) still gives a sane answer.
    const back = estimateTimeLeft({ samples, remaining: 100, now: s(30) });
    expect(back.kind === "estimate" ? back.ms : 0).toBeGreaterThanOrEqual(0);
  });

  it("never negative or infinite over many shapes of run", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 300; run++) {
      let samples: ProgressSample[] = [];
      let at = s(0);
      let processed = 0;
      for (let i = 0; i < 40; i++) {
        at += Math.floor(random() * 20_000);
        processed += Math.floor(random() * 30);
        samples = recordSample(samples, { at, processed, waiting: random() < 0.1 });
      }
      const left = estimateTimeLeft({ samples, remaining: Math.floor(random() * 2000) - 100, now: at + random() * 60_000 });
      if (left.kind === "estimate") {
        expect(left.ms).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(left.ms)).toBe(true);
      }
    }
  });

  it("its settings are the documented ones", () => {
    expect(TIME_LEFT_SETTINGS).toEqual({
      windowMs: 120_000,
      recentMs: 45_000,
      minEvidenceMs: 20_000,
      minSteps: 2,
      latestMoves: 2,
    });
  });
});

describe("recordSample", () => {
  it("keeps only samples that say something new", () => {
    let samples: ProgressSample[] = [];
    samples = recordSample(samples, { at: s(0), processed: 0 });
    samples = recordSample(samples, { at: s(5), processed: 0 });
    samples = recordSample(samples, { at: s(10), processed: 20 });
    samples = recordSample(samples, { at: s(12), processed: 20, waiting: true });
    samples = recordSample(samples, { at: s(14), processed: 20, waiting: true });
    expect(samples).toEqual([
      { at: s(0), processed: 0 },
      { at: s(10), processed: 20 },
      { at: s(12), processed: 20, waiting: true },
    ]);
  });

  it("starts afresh when the run's phase changes: the fast phase's rate says nothing about the next", () => {
    let samples: ProgressSample[] = [];
    samples = recordSample(samples, { at: s(0), processed: 0, phase: "isbn" });
    samples = recordSample(samples, { at: s(10), processed: 300, phase: "isbn" });
    samples = recordSample(samples, { at: s(12), processed: 300 });
    samples = recordSample(samples, { at: s(15), processed: 305 });
    expect(samples).toEqual([
      { at: s(12), processed: 300 },
      { at: s(15), processed: 305 },
    ]);
  });

  it("starts afresh when the count goes down (another run), and ignores a sample from the past", () => {
    const samples = recordSample([{ at: s(0), processed: 40 }], { at: s(5), processed: 3 });
    expect(samples).toEqual([{ at: s(5), processed: 3 }]);
    expect(recordSample(samples, { at: s(1), processed: 9 })).toEqual(samples);
  });

  it("prunes samples older than ten minutes, keeping the one the window may start in", () => {
    let samples: ProgressSample[] = [];
    for (let t = 0; t <= 1200; t += 60) samples = recordSample(samples, { at: s(t), processed: t });
    expect(samples[0].at).toBe(s(600));
    expect(samples.at(-1)!.at).toBe(s(1200));
  });
});

describe("timeLeftText", () => {
  it.each([
    [0, "less than a minute"],
    [59_000, "less than a minute"],
    [60_000, "about a minute"],
    [89_000, "about a minute"],
    [91_000, "about 2 minutes"],
    [3 * 60_000, "about 3 minutes"],
    [9 * 60_000 + 20_000, "about 9 minutes"],
    [12 * 60_000, "about 10 minutes"],
    [23 * 60_000, "about 25 minutes"],
    [56 * 60_000, "about 55 minutes"],
    [58 * 60_000, "about an hour"],
    [80 * 60_000, "about 1 hour 20 minutes"],
    [125 * 60_000, "about 2 hours 10 minutes"],
    [120 * 60_000, "about 2 hours"],
    [5.2 * 3_600_000, "about 5 hours"],
    [30 * 3_600_000, "more than a day"],
    [-5_000, "less than a minute"],
  ])("%d ms is %s", (ms, text) => {
    expect(timeLeftText(ms)).toBe(text);
  });
});
