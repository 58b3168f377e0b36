import { afterAll, afterEach, beforeAll } from "vitest";
import { server } from "./server";

// Every outbound request must be handled by an msw handler; anything else fails the test.
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
