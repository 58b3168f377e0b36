import { convexTest } from "convex-test";
import { http, HttpResponse } from "msw";
import { expect, test } from "vitest";
import schema from "../../convex/schema";
import { server } from "../msw/server";
import { modules } from "./modules";

test("msw intercepts fetch inside edge runtime", async () => {
  server.use(http.get("https://example.test/x", () => HttpResponse.json({ ok: 1 })));
  const r = await fetch("https://example.test/x");
  expect(await r.json()).toEqual({ ok: 1 });
  const t = convexTest(schema, modules);
  expect(t).toBeTruthy();
});
