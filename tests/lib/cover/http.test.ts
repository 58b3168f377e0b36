import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, test, vi } from "vitest";
import { fetchJson, parseRetryAfter, USER_AGENT_BASE, userAgent } from "@/lib/cover/http";
import { server } from "../../msw/server";
import { failingEndpoint, COVER_ENDPOINTS } from "../../msw/coverSources";
import { requestJson } from "@/lib/cover/source";
import type { RateLimiter } from "@/lib/cover/rateLimiter";
import { settleOnVirtualClock, useVirtualTimeouts } from "../../support/virtualClock";

// The URL carries book data; it must never show up in a result.
const SECRET = "Secret Title Zyx";
const URL_WITH_BOOK_DATA = `${COVER_ENDPOINTS.openLibrarySearch}?title=${encodeURIComponent(SECRET)}&author=Qwv`;

afterEach(() => {
  vi.useRealTimers();
});

describe("fetchJson", () => {
  test("returns parsed JSON and sends an identifying User-Agent and Accept header", async () => {
    let seen: Headers | undefined;
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, ({ request }) => {
        seen = request.headers;
        return HttpResponse.json({ docs: [1, 2] });
      }),
    );
    const r = await fetchJson(URL_WITH_BOOK_DATA);
    expect(r).toEqual({ ok: true, status: 200, data: { docs: [1, 2] } });
    expect(seen?.get("user-agent")).toBe(USER_AGENT_BASE);
    expect(seen?.get("accept")).toBe("application/json");
  });

  test("appends the configured contact to the User-Agent", async () => {
    let ua: string | null = null;
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, ({ request }) => {
        ua = request.headers.get("user-agent");
        return HttpResponse.json({});
      }),
    );
    await fetchJson(URL_WITH_BOOK_DATA, { contact: "ops@example.org" });
    expect(ua).toBe(`${USER_AGENT_BASE} ops@example.org`);
  });

  test("times out a request to a source that never answers, at the injected timeout", async () => {
    server.use(failingEndpoint("openLibrarySearch", { kind: "hang" }));
    useVirtualTimeouts();
    const pending = fetchJson(URL_WITH_BOOK_DATA, { timeoutMs: 40 });
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(39);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual({ ok: false, kind: "timeout" });
  });

  test("the timeout runs on setTimeout, so a fake clock drives it", async () => {
    vi.useFakeTimers();
    const neverAnswers = vi.fn(() => new Promise<Response>(() => {}));
    const pending = fetchJson("https://openlibrary.org/x", { fetch: neverAnswers });
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(4999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual({ ok: false, kind: "timeout" });
    expect(neverAnswers).toHaveBeenCalledTimes(1);
  });

  test("a body that trickles in past the timeout is a timeout too", async () => {
    vi.useFakeTimers();
    const slowBody = vi.fn(async () => {
      const body = new ReadableStream<Uint8Array>({ start() {} }); // never closes
      return new Response(body, { status: 200 });
    });
    const pending = fetchJson("https://openlibrary.org/x", { fetch: slowBody, timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    await expect(pending).resolves.toEqual({ ok: false, kind: "timeout" });
  });

  test("an aborted caller signal ends the request as a timeout", async () => {
    server.use(failingEndpoint("openLibrarySearch", { kind: "hang" }));
    const controller = new AbortController();
    const pending = fetchJson(URL_WITH_BOOK_DATA, { signal: controller.signal, timeoutMs: 10_000 });
    controller.abort();
    await expect(pending).resolves.toEqual({ ok: false, kind: "timeout" });

    const alreadyAborted = vi.fn(fetch);
    await expect(fetchJson(URL_WITH_BOOK_DATA, { signal: controller.signal, fetch: alreadyAborted })).resolves.toEqual({
      ok: false,
      kind: "timeout",
    });
    expect(alreadyAborted).not.toHaveBeenCalled();
  });

  test("429 with Retry-After seconds is rate_limited with retryAfterMs", async () => {
    server.use(failingEndpoint("openLibrarySearch", { kind: "rate_limited", retryAfter: "30" }));
    expect(await fetchJson(URL_WITH_BOOK_DATA)).toEqual({
      ok: false,
      kind: "rate_limited",
      status: 429,
      retryAfterMs: 30_000,
    });
  });

  test("503 with an HTTP-date Retry-After is rate_limited, measured from the injected clock", async () => {
    const now = Date.parse("2025-03-01T12:00:00Z");
    server.use(
      failingEndpoint("openLibrarySearch", {
        kind: "rate_limited",
        status: 503,
        retryAfter: "Sat, 01 Mar 2025 12:02:00 GMT",
      }),
    );
    expect(await fetchJson(URL_WITH_BOOK_DATA, { now: () => now })).toEqual({
      ok: false,
      kind: "rate_limited",
      status: 503,
      retryAfterMs: 120_000,
    });
  });

  test("429 without Retry-After has no retryAfterMs", async () => {
    server.use(failingEndpoint("openLibrarySearch", { kind: "rate_limited" }));
    const r = await fetchJson(URL_WITH_BOOK_DATA);
    expect(r).toEqual({ ok: false, kind: "rate_limited", status: 429 });
    expect("retryAfterMs" in r).toBe(false);
  });

  test("403 is refused: the source turns this client away, whatever the book", async () => {
    server.use(failingEndpoint("openLibrarySearch", { kind: "status", status: 403 }));
    expect(await fetchJson(URL_WITH_BOOK_DATA)).toEqual({ ok: false, kind: "refused", status: 403 });
  });

  test.each([500, 404, 400, 502])("HTTP %i is upstream_error", async (status) => {
    server.use(failingEndpoint("openLibrarySearch", { kind: "status", status }));
    expect(await fetchJson(URL_WITH_BOOK_DATA)).toEqual({
      ok: false,
      kind: "upstream_error",
      cause: "http_status",
      status,
    });
  });

  test("malformed JSON is upstream_error", async () => {
    server.use(failingEndpoint("openLibrarySearch", { kind: "malformed_json" }));
    expect(await fetchJson(URL_WITH_BOOK_DATA)).toEqual({
      ok: false,
      kind: "upstream_error",
      cause: "malformed_json",
      status: 200,
    });
  });

  test("a network failure is upstream_error", async () => {
    server.use(failingEndpoint("openLibrarySearch", { kind: "network_error" }));
    expect(await fetchJson(URL_WITH_BOOK_DATA)).toEqual({ ok: false, kind: "upstream_error", cause: "network" });
  });

  test("no failure result mentions the URL or its book data", async () => {
    const failures = [
      failingEndpoint("openLibrarySearch", { kind: "status", status: 500 }),
      failingEndpoint("openLibrarySearch", { kind: "malformed_json" }),
      failingEndpoint("openLibrarySearch", { kind: "network_error" }),
      failingEndpoint("openLibrarySearch", { kind: "rate_limited", retryAfter: "5" }),
      failingEndpoint("openLibrarySearch", { kind: "hang" }),
    ];
    useVirtualTimeouts();
    for (const handler of failures) {
      server.resetHandlers(handler);
      const r = await settleOnVirtualClock(fetchJson(URL_WITH_BOOK_DATA));
      expect(r.ok).toBe(false);
      const text = JSON.stringify(r);
      expect(text).not.toContain("Secret");
      expect(text).not.toContain("openlibrary");
    }
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-03-01T12:00:00Z");
  test.each([
    ["120", 120_000],
    ["0", 0],
    [" 7 ", 7000],
    ["Sat, 01 Mar 2025 12:00:30 GMT", 30_000],
    ["Sat, 01 Mar 2025 11:00:00 GMT", 0], // in the past: retry now
  ])("%j -> %j ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  test.each([null, undefined, "", "-5", "1.5", "soon", "Someday, 99 Foo"])("%j is not a delay", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe("userAgent", () => {
  test("without contact it is the base string", () => {
    expect(userAgent()).toBe(USER_AGENT_BASE);
    expect(userAgent("   ")).toBe(USER_AGENT_BASE);
  });

  test("strips characters that could break or inject headers", () => {
    expect(userAgent("ops@example.org\r\nX-Evil: 1")).toBe(`${USER_AGENT_BASE} ops@example.org X-Evil: 1`);
    expect(userAgent("é-mail")).toBe(`${USER_AGENT_BASE} -mail`);
  });
});

describe("requestJson (one paced request)", () => {
  test("a refused slot sends nothing: a paused source is not_sent with its remaining pause, a full budget is not_sent", async () => {
    let sent = 0;
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, () => {
        sent++;
        return HttpResponse.json({});
      }),
    );
    const paused: RateLimiter = { acquire: async () => ({ refused: "paused", retryAfterMs: 7000 }) };
    const full: RateLimiter = { acquire: async () => ({ refused: "over_budget" }) };
    expect(await requestJson(URL_WITH_BOOK_DATA, { limiter: paused })).toEqual({
      ok: false,
      kind: "not_sent",
      cause: "paused",
      retryAfterMs: 7000,
    });
    expect(await requestJson(URL_WITH_BOOK_DATA, { limiter: full })).toEqual({
      ok: false,
      kind: "not_sent",
      cause: "over_budget",
    });
    expect(sent).toBe(0);
  });

  test("a 429 is reported to the limiter (capped at an hour), and the pause it applied is returned", async () => {
    server.use(failingEndpoint("openLibrarySearch", { kind: "rate_limited", retryAfter: "31536000" }));
    const pauses: (number | undefined)[] = [];
    const limiter: RateLimiter = { acquire: async () => undefined, pause: (ms) => void pauses.push(ms) };
    const r = await requestJson(URL_WITH_BOOK_DATA, { limiter });
    expect(r).toMatchObject({ ok: false, kind: "rate_limited", retryAfterMs: 3_600_000 });
    expect(pauses).toEqual([3_600_000]);

    server.use(failingEndpoint("openLibrarySearch", { kind: "rate_limited", status: 503 }));
    const shared: RateLimiter = { acquire: async () => undefined, pause: () => 4000 };
    expect(await requestJson(URL_WITH_BOOK_DATA, { limiter: shared })).toMatchObject({
      kind: "rate_limited",
      retryAfterMs: 4000,
    });
  });

  test("a request the caller's signal cuts short is not_sent (abandoned), not a timeout", async () => {
    const controller = new AbortController();
    // The caller gives up once the request is out, and the source never answers.
    server.use(failingEndpoint("openLibrarySearch", { kind: "hang" }, () => controller.abort()));
    const pending = requestJson(URL_WITH_BOOK_DATA, { signal: controller.signal, timeoutMs: 10_000 });
    expect(await pending).toEqual({ ok: false, kind: "not_sent", cause: "abandoned" });
  });

  test("the hedge is timed from when the request was sent, not from the wait for its slot, and takes its own slot", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const sentAt: number[] = [];
    server.use(
      http.get(COVER_ENDPOINTS.openLibrarySearch, async () => {
        sentAt.push(Date.now());
        // The first copy is slow, the second quick.
        await new Promise((r) => setTimeout(r, sentAt.length === 1 ? 10_000 : 100));
        return HttpResponse.json({ copy: sentAt.length });
      }),
    );
    let acquired = 0;
    const limiter: RateLimiter = {
      // Every slot takes 3 s to come up.
      acquire: () => new Promise((r) => setTimeout(() => r(void acquired++), 3000)),
    };
    const t0 = Date.now();
    const pending = requestJson(URL_WITH_BOOK_DATA, { limiter, hedgeAfterMs: 2000, timeoutMs: 15_000 });
    await vi.advanceTimersByTimeAsync(12_000);
    const r = await pending;
    expect(r).toMatchObject({ ok: true, data: { copy: 2 } });
    expect(acquired).toBe(2);
    // Sent at 3 s (after its slot); hedged 2 s after that plus its own 3 s slot wait.
    expect(sentAt.map((x) => x - t0)).toEqual([3000, 8000]);
  });
});
