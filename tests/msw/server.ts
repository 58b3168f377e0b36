import { setupServer } from "msw/node";

/** The one msw server for every test project. Tests add handlers with `server.use(...)`. */
export const server = setupServer();
