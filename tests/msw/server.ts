import { setupServer } from "msw/node";
import { defaultCoverImageHandlers } from "./coverImages";

/**
 * The one msw server for every test project. Tests add handlers with `server.use(...)`; Open
 * Library's cover images are answered by default (tests/msw/coverImages.ts), so every path that
 * writes a found cover can fetch its stored copy.
 */
export const server = setupServer(...defaultCoverImageHandlers);
