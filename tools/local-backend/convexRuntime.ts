/**
 * The app's real Convex functions (convex/) running in convex-test, in memory: calling a public
 * function by its path as a given identity, serving convex/http.ts routes, and telling listeners
 * after every write (including writes of actions and scheduled functions, which run on real timers).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { setImmediate } from "node:timers";
import { convexTest } from "convex-test";
import { makeFunctionReference, type UserIdentity } from "convex/server";
import type { Value } from "convex/values";
import schema from "../../convex/schema";
import { convexModules, moduleLoaderFor } from "./convexModules";
import { installSyscallHooks } from "./syscallHooks";

export type FunctionKind = "query" | "mutation" | "action";

/** What a verified token says about the caller (subject, issuer, tokenIdentifier). */
export type Identity = Pick<UserIdentity, "subject" | "issuer" | "tokenIdentifier">;

/** A client asked for a function that is not a public function of that kind. */
export class FunctionNotFoundError extends Error {
  constructor(udfPath: string, kind: FunctionKind) {
    super(`Could not find public ${kind} '${udfPath}'.`);
    this.name = "FunctionNotFoundError";
  }
}

const KIND_FLAG = { query: "isQuery", mutation: "isMutation", action: "isAction" } as const;

export type TestConvex = ReturnType<typeof convexTest<typeof schema.tables>>;

export interface ConvexRuntime {
  /** The convex-test accessor (no identity), for storage and system-table access. */
  readonly t: TestConvex;
  call(kind: FunctionKind, udfPath: string, args: Record<string, Value>, identity: Identity | null): Promise<Value>;
  /** Routes a request through convex/http.ts (404 when no route matches). */
  httpAction(pathAndQuery: string, init: RequestInit): Promise<Response>;
  /** Called (outside any function's context) after writes; returns an unsubscribe function. */
  onWrite(listener: () => void): () => void;
  /** Whether an upload URL's token was handed out and not used yet; uses it up. */
  takeUploadToken(token: string): boolean;
  /** The stored file a file URL's token stands for, or null for a token this backend never handed out. */
  storageIdForFileToken(token: string): string | null;
}

export function createConvexRuntime({
  origin,
  onBookWritten,
}: {
  origin: string;
  /** A book was written with a title, an author and an ISBN (see syscallHooks.ts). */
  onBookWritten?: (book: { title: string; author: string; isbn: string }) => void;
}): ConvexRuntime {
  const modules = convexModules();
  const t = convexTest(schema, modules);
  // Work triggered by a write runs here: outside the writing function's convex-test context (whose
  // transaction state would otherwise leak into the queries it starts).
  const runOutsideFunctions = AsyncLocalStorage.snapshot();
  const listeners = new Set<() => void>();
  const uploadTokens = new Set<string>();
  const fileTokens = createFileTokens();
  let notifyScheduled = false;

  installSyscallHooks({
    ...(onBookWritten ? { onBookWritten } : {}),
    fileUrl: (storageId) => `${origin}/api/storage/${fileTokens.tokenFor(storageId)}`,
    uploadUrl: () => {
      const token = randomUUID();
      uploadTokens.add(token);
      return `${origin}/api/storage/upload?token=${token}`;
    },
    onWrite: () => {
      if (notifyScheduled) return;
      notifyScheduled = true;
      runOutsideFunctions(() =>
        setImmediate(() => {
          notifyScheduled = false;
          for (const listener of listeners) listener();
        }),
      );
    },
  });

  const accessors = new Map<string, ReturnType<TestConvex["withIdentity"]>>();
  const accessorFor = (identity: Identity | null) => {
    if (identity === null) return t;
    let accessor = accessors.get(identity.tokenIdentifier);
    if (!accessor) {
      accessor = t.withIdentity(identity);
      accessors.set(identity.tokenIdentifier, accessor);
    }
    return accessor;
  };

  async function assertPublic(kind: FunctionKind, udfPath: string): Promise<void> {
    const [modulePath, exportName = "default"] = udfPath.split(":");
    const safe = /^[A-Za-z0-9_]+(\/[A-Za-z0-9_]+)*$/.test(modulePath) && !modulePath.startsWith("_generated");
    const load = safe ? moduleLoaderFor(modules, modulePath) : undefined;
    const fn = load ? ((await load())[exportName] as Record<string, unknown> | undefined) : undefined;
    if (!fn || fn.isPublic !== true || fn[KIND_FLAG[kind]] !== true) throw new FunctionNotFoundError(udfPath, kind);
  }

  return {
    t,
    async call(kind, udfPath, args, identity) {
      await assertPublic(kind, udfPath);
      const accessor = accessorFor(identity);
      const run = accessor[kind] as (ref: unknown, args: Record<string, Value>) => Promise<Value>;
      return await run(makeFunctionReference(udfPath), args);
    },
    httpAction: (pathAndQuery, init) => t.fetch(pathAndQuery, init),
    onWrite(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    takeUploadToken: (token) => uploadTokens.delete(token),
    storageIdForFileToken: (token) => fileTokens.storageIdFor(token),
  };
}

/**
 * File URLs as Convex makes them: `/api/storage/<random uuid>`, one per stored file and the same
 * every time it is asked for (books keep their cover URL). Storage ids here are a counter shared by
 * every table, so a URL naming the id would let any reader count their way to another's uploads.
 */
function createFileTokens() {
  const tokenByStorageId = new Map<string, string>();
  const storageIdByToken = new Map<string, string>();
  return {
    tokenFor(storageId: string): string {
      let token = tokenByStorageId.get(storageId);
      if (token === undefined) {
        token = randomUUID();
        tokenByStorageId.set(storageId, token);
        storageIdByToken.set(token, storageId);
      }
      return token;
    },
    storageIdFor: (token: string): string | null => storageIdByToken.get(token) ?? null,
  };
}
