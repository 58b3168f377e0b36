// The offline backend (tools/local-backend) against the pinned `convex` package's own clients:
// the WebSocket sync protocol through ConvexClient, and the HTTP API through ConvexHttpClient.
// A `convex` upgrade that changes the protocol fails here rather than in the demo.
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { generateKeyPair, SignJWT } from "jose";
import WebSocket from "ws";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { createOpenCatalogue } from "../../scripts/bench/openCatalogue";
import { checkCoverImage } from "../../lib/coverImage";
import { fileBytes } from "../support/imageBytes";
import { isbnFor } from "../support/importRows";
import { startBackendProcess, type BackendProcess } from "./backendProcess";
import { nextValue } from "./waitFor";

let backend: BackendProcess;

beforeAll(async () => {
  backend = await startBackendProcess();
});

afterAll(async () => {
  await backend?.stop();
});

/** Every WebSocket the client opens, so a test can drop the connection. */
function trackedWebSocket() {
  const sockets: WebSocket[] = [];
  class TrackedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return { WebSocketClass: TrackedWebSocket, sockets };
}

const clientOptions = { skipConvexDeploymentUrlCheck: true, unsavedChangesWarning: false, logger: false } as const;
/** `ws` for ConvexClient in Node (Node 20 has no WebSocket global); the client only uses the browser API subset. */
const asBrowserWebSocket = (ctor: new (url: string) => WebSocket) => ctor as unknown as typeof globalThis.WebSocket;
const httpClient = () => new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });

let accounts = 0;
/** Signs a new reader up with a password over HTTP (as Convex Auth's React client does) and returns the JWT. */
async function signUp(): Promise<string> {
  const http = httpClient();
  const result = await http.action(api.auth.signIn, {
    provider: "password",
    params: { email: `reader${++accounts}@example.com`, password: "correct horse battery", flow: "signUp" },
  });
  const token = result.tokens?.token;
  expect(typeof token).toBe("string");
  return token!;
}

function bookValues(client: ConvexClient, bookId: Id<"books">) {
  return (onValue: (book: { title: string } | null) => void) =>
    client.onUpdate(api.books.get, { bookId }, (book) => onValue(book as { title: string } | null));
}

describe("sync protocol (ConvexClient over WebSocket)", () => {
  it("signs in, runs a mutation and delivers its result to a subscription", async () => {
    const token = await signUp();
    const { WebSocketClass } = trackedWebSocket();
    const client = new ConvexClient(backend.url, { ...clientOptions, webSocketConstructor: asBrowserWebSocket(WebSocketClass) });
    try {
      const authenticated = new Promise<boolean>((resolve) => client.setAuth(async () => token, resolve));
      expect(await authenticated).toBe(true);

      const bookId = await client.mutation(api.books.create, {
        title: "The Dispossessed",
        author: "Ursula K. Le Guin",
        status: "read",
      });
      const first = await nextValue(bookValues(client, bookId), (book) => book !== null);
      expect(first).toMatchObject({ title: "The Dispossessed" });

      const renamed = nextValue(bookValues(client, bookId), (book) => book?.title === "The Dispossessed: An Ambiguous Utopia");
      await client.mutation(api.books.update, { bookId, title: "The Dispossessed: An Ambiguous Utopia" });
      expect(await renamed).toMatchObject({ title: "The Dispossessed: An Ambiguous Utopia" });
    } finally {
      await client.close();
    }
  });

  it("shows one client's write to another client's subscription", async () => {
    const token = await signUp();
    const writer = new ConvexClient(backend.url, { ...clientOptions, webSocketConstructor: asBrowserWebSocket(WebSocket) });
    const reader = new ConvexClient(backend.url, { ...clientOptions, webSocketConstructor: asBrowserWebSocket(WebSocket) });
    try {
      writer.setAuth(async () => token);
      reader.setAuth(async () => token);
      const bookId = await writer.mutation(api.books.create, {
        title: "Kindred",
        author: "Octavia E. Butler",
        status: "want-to-read",
      });
      const seen = nextValue(bookValues(reader, bookId), (book) => book?.title === "Kindred (Anniversary Edition)");
      await writer.mutation(api.books.update, { bookId, title: "Kindred (Anniversary Edition)" });
      expect(await seen).toMatchObject({ title: "Kindred (Anniversary Edition)" });
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });

  it("reconnects, and a mutation sent while disconnected is replayed signed in", async () => {
    const token = await signUp();
    const { WebSocketClass, sockets } = trackedWebSocket();
    const client = new ConvexClient(backend.url, { ...clientOptions, webSocketConstructor: asBrowserWebSocket(WebSocketClass) });
    try {
      await new Promise<boolean>((resolve) => client.setAuth(async () => token, resolve));
      const bookId = await client.mutation(api.books.create, { title: "Piranesi", author: "Susanna Clarke", status: "read" });
      await nextValue(bookValues(client, bookId), (book) => book !== null);
      expect(sockets).toHaveLength(1);

      sockets[0].terminate();
      const replayed = client.mutation(api.books.update, { bookId, title: "Piranesi (after a reconnect)" });
      const seen = nextValue(bookValues(client, bookId), (book) => book?.title === "Piranesi (after a reconnect)");
      // Rejected with "Not signed in" if the replayed mutation ran before the identity was applied.
      await replayed;
      await seen;
      expect(sockets.length).toBeGreaterThanOrEqual(2);
    } finally {
      await client.close();
    }
  });

  it("rejects a token that the deployment's keys did not sign", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256" })
      .setSubject("someone|session")
      .setIssuer(backend.url)
      .setAudience("convex")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    const client = new ConvexClient(backend.url, { ...clientOptions, webSocketConstructor: asBrowserWebSocket(WebSocket) });
    try {
      const authenticated = new Promise<boolean>((resolve) => client.setAuth(async () => forged, resolve));
      expect(await authenticated).toBe(false);
    } finally {
      await client.close();
    }
  });
});

describe("HTTP API (ConvexHttpClient)", () => {
  it("runs queries, mutations and actions as the token's reader", async () => {
    const token = await signUp();
    const http = httpClient();
    http.setAuth(token);
    const bookId = await http.mutation(api.books.create, { title: "The Fifth Season", author: "N. K. Jemisin", status: "read" });
    expect(await http.query(api.books.get, { bookId })).toMatchObject({ title: "The Fifth Season", author: "N. K. Jemisin" });

    // The action looks the cover up in the emulated catalogue; whatever it finds is on the backend's origin.
    const result = await http.action(api.books.fetchMissingCovers, { bookIds: [bookId] });
    expect(result).toMatchObject({ processed: 1 });
    const book = (await http.query(api.books.get, { bookId })) as { apiCoverUrl?: string } | null;
    if (result.updated === 1) {
      expect(book?.apiCoverUrl?.startsWith(`${backend.url}/books/content?id=`)).toBe(true);
      const image = await fetch(book!.apiCoverUrl!);
      expect(image.headers.get("content-type")).toBe("image/png");
      // A real raster image: what the server's own cover check accepts.
      const check = await checkCoverImage({
        bytes: new Uint8Array(await image.arrayBuffer()),
        contentType: image.headers.get("content-type"),
        source: "google-books",
      });
      expect(check).toMatchObject({ kind: "accepted", mime: "image/png" });
    } else {
      expect(book?.apiCoverUrl).toBeUndefined();
    }
  });

  it("answers a book added with an ISBN from the emulated Open Library, its cover on the backend's origin", async () => {
    const title = "The Dispossessed";
    const author = "Ursula K. Le Guin";
    // The first ISBN whose edition has a cover in the backend's catalogue (seed 1), decided as the backend does.
    const isbn = Array.from({ length: 40 }, (_, i) => isbnFor(i + 1)).find((candidate) => {
      const open = createOpenCatalogue({ seed: 1, imageUrl: (id) => id });
      open.learn(title, author, candidate);
      return open.catalogue.editions.get(candidate)?.coverId != null;
    })!;
    const expected = createOpenCatalogue({ seed: 1, imageUrl: (id) => id });
    expected.learn(title, author, isbn);
    const coverId = expected.catalogue.editions.get(isbn)!.coverId!;

    const http = httpClient();
    http.setAuth(await signUp());
    const bookId = await http.mutation(api.books.create, { title, author, isbn, status: "want-to-read" });
    const result = await http.action(api.books.fetchMissingCovers, { bookIds: [bookId] });
    expect(result).toMatchObject({ processed: 1, updated: 1 });
    const book = (await http.query(api.books.get, { bookId })) as { apiCoverUrl?: string; apiSource?: string } | null;
    expect(book).toMatchObject({ apiCoverUrl: `${backend.url}/b/id/${coverId}-L.jpg`, apiSource: "open-library" });
    const image = await fetch(book!.apiCoverUrl!);
    expect(image.headers.get("content-type")).toBe("image/png");
    const check = await checkCoverImage({
      bytes: new Uint8Array(await image.arrayBuffer()),
      contentType: image.headers.get("content-type"),
      source: "open-library",
    });
    expect(check).toMatchObject({ kind: "accepted", mime: "image/png" });
    expect((await fetch(`${backend.url}/b/id/1-L.jpg`)).status).toBe(404);
  });

  it("refuses a malformed token and an unauthenticated write", async () => {
    const http = httpClient();
    http.setAuth("not.a.jwt");
    await expect(http.query(api.books.get, { bookId: "x" as Id<"books"> })).rejects.toThrow(/Could not verify the auth token/);
    const anonymous = httpClient();
    await expect(anonymous.mutation(api.books.create, { title: "T", author: "A", status: "read" })).rejects.toThrow();
  });

  it("does not run internal functions for clients", async () => {
    const response = await fetch(`${backend.url}/api/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: "books:listMissingCovers", args: [{}], format: "convex_encoded_json" }),
    });
    expect(response.status).toBe(560);
    expect(await response.json()).toMatchObject({
      status: "error",
      errorMessage: expect.stringMatching(/Could not find public query/),
    });
  });
});

describe("file storage", () => {
  it("uploads a cover through an upload URL and serves it back with its content type", async () => {
    const token = await signUp();
    const http = httpClient();
    http.setAuth(token);
    const bookId = await http.mutation(api.books.create, { title: "Hild", author: "Nicola Griffith", status: "read" });
    const uploadUrl = await http.mutation(api.books.generateUploadUrl, {});
    expect(uploadUrl.startsWith(`${backend.url}/api/storage/upload?token=`)).toBe(true);

    const png = fileBytes("image/png", 64);
    const upload = await fetch(uploadUrl, { method: "POST", headers: { "Content-Type": "image/png" }, body: png });
    expect(upload.status).toBe(200);
    const { storageId } = (await upload.json()) as { storageId: Id<"_storage"> };
    await http.action(api.books.setCover, { bookId, storageId });

    const book = (await http.query(api.books.get, { bookId })) as { coverUrl?: string } | null;
    expect(book?.coverUrl?.startsWith(`${backend.url}/api/storage/`)).toBe(true);
    const served = await fetch(book!.coverUrl!);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);

    // An upload URL works once.
    const again = await fetch(uploadUrl, { method: "POST", headers: { "Content-Type": "image/png" }, body: png });
    expect(again.status).toBe(401);
  });

  it("serves a stored file only at its unguessable URL: one reader cannot reach another's upload", async () => {
    /** Signs a reader up, uploads `bytes` as a book's cover; returns the storage id and the cover URL. */
    async function uploadCover(bytes: ReturnType<typeof fileBytes>) {
      const http = httpClient();
      http.setAuth(await signUp());
      const bookId = await http.mutation(api.books.create, { title: "Private", author: "Reader", status: "read" });
      const uploadUrl = await http.mutation(api.books.generateUploadUrl, {});
      const upload = await fetch(uploadUrl, { method: "POST", headers: { "Content-Type": "image/png" }, body: bytes });
      const { storageId } = (await upload.json()) as { storageId: Id<"_storage"> };
      await http.action(api.books.setCover, { bookId, storageId });
      const book = (await http.query(api.books.get, { bookId })) as { coverUrl?: string } | null;
      return { storageId, url: book!.coverUrl! };
    }
    const theirs = await uploadCover(fileBytes("image/png", 96));
    const mine = await uploadCover(fileBytes("image/png", 128));

    // Each URL is served, and names neither storage id: its last segment is a random token.
    expect((await fetch(theirs.url)).status).toBe(200);
    for (const { url, storageId } of [theirs, mine]) {
      const token = new URL(url).pathname.split("/").pop()!;
      expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(url).not.toContain(storageId);
    }

    // Storage ids are handed out in sequence: a reader who knows their own can count to others'.
    // None of those ids, nor the ids themselves under /api/storage/, serves a file.
    const [, digits, table] = /^(\d+)(\D.*)$/.exec(mine.storageId)!;
    const guesses = Array.from({ length: 401 }, (_, i) => Number(digits) - 200 + i)
      .filter((n) => n > 0)
      .map((n) => `${String(n).padStart(digits.length, "0")}${table}`);
    expect(guesses).toContain(theirs.storageId);
    const served: string[] = [];
    for (const guess of guesses) {
      const response = await fetch(`${backend.url}/api/storage/${encodeURIComponent(guess)}`);
      if (response.status !== 404) served.push(`${guess}: ${response.status}`);
      await response.arrayBuffer();
    }
    expect(served).toEqual([]);
  });
});
