import { http, HttpResponse } from "msw";
import { expect, test } from "vitest";
import { server } from "../msw/server";
import { createUser, newBackend } from "../support/users";

test("msw intercepts fetch inside the edge runtime used by Convex functions", async () => {
  server.use(http.get("https://example.test/x", () => HttpResponse.json({ ok: 1 })));
  const r = await fetch("https://example.test/x");
  expect(await r.json()).toEqual({ ok: 1 });
});

test("createUser gives an identity that @convex-dev/auth resolves to the user", async () => {
  const t = newBackend();
  const { userId } = await createUser(t);
  const user = await t.run((ctx) => ctx.db.get("users", userId));
  expect(user?.name).toBe("Reader");
});
