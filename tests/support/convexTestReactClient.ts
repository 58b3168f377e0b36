/**
 * A `ConvexReactClient` stand-in for UI tests: the real `convex/react` hooks
 * (`useQuery`, `useQueries`, `usePaginatedQuery`, `useMutation`, `useAction`,
 * `useConvex`, `useConvexAuth`, `useConvexConnectionState`) run the REAL Convex
 * functions through an in-memory convex-test backend instead of a WebSocket.
 *
 * Semantics (mirroring the real client where a test can observe them):
 * - A query is run when a component subscribes (`watch.onUpdate`); until its
 *   first result `localQueryResult()` returns `undefined` (loading). A query
 *   that throws makes `localQueryResult()` throw (so `useQuery` throws).
 * - After every mutation / action of ANY open test client (the convex-test
 *   backend is shared), every watched query of every open client is re-run and
 *   subscribers whose result changed are notified. A mutation's promise
 *   resolves after the watched queries reflect it, like the real client.
 * - Optimistic updates (`useMutation(...).withOptimisticUpdate`) are applied
 *   at once and dropped when the mutation settles, atomically with the new
 *   server results (or rolled back on failure).
 * - Errors are shaped like the real client's: `ConvexError` (with `.data`) for
 *   a `ConvexError` thrown by the function, plain `Error` otherwise, both with
 *   the "[CONVEX M(books:create)] [Request ID: …] Server Error" message prefix.
 * - Only public functions are callable, like from a browser.
 * - Writes that bypass the client (scheduled functions, `t.run`, `as.mutation`
 *   in the test body) are seen after `await client.runScheduled()` or
 *   `await client.refresh()`.
 * - A watched page of a paginated query (`paginationOpts` in its args, as
 *   `usePaginatedQuery` subscribes) keeps the range its first run covered: later
 *   runs pass that run's `continueCursor` as `endCursor`, as the real backend does
 *   with the subscription's query journal. Documents added inside the range grow
 *   the page; none is skipped or repeated between pages.
 */
import { act } from "react";
import type { ConnectionState, OptimisticLocalStore } from "convex/browser";
import type { ConvexReactClient, Watch } from "convex/react";
import { getFunctionName, makeFunctionReference } from "convex/server";
import type { FunctionArgs, FunctionReference, FunctionReturnType, OptionalRestArgs } from "convex/server";
import { ConvexError, convexToJson, jsonToConvex } from "convex/values";
import type { Value } from "convex/values";
import { onTestFinished, vi } from "vitest";
import { modules as projectModules } from "../convex/modules";
import type { SignedIn } from "./users";

/** What the client needs from a convex-test accessor (`t` or `t.withIdentity(...)`). */
export type TestBackend = Pick<
  SignedIn,
  "query" | "mutation" | "action" | "finishAllScheduledFunctions" | "finishInProgressScheduledFunctions"
>;

export interface ConvexTestReactClientOptions {
  /** The convex-test instance (`newBackend()`); used as the signed-out identity. */
  t?: TestBackend;
  /** The signed-in accessor (`(await createUser(t)).as`). Omit for a signed-out client. */
  as?: TestBackend;
  /** The module map given to convexTest, used to allow only public functions. Defaults to the project's. */
  modules?: Record<string, () => Promise<unknown>>;
  /** Reported by `client.url` / `client.address`. */
  url?: string;
  /** Close the client when the current test finishes (default true; ignored outside a running test). */
  autoClose?: boolean;
}

export interface RunScheduledOptions {
  /**
   * Advances timers between rounds (convex-test's `finishAllScheduledFunctions`).
   * Default: `vi.runOnlyPendingTimers` when fake timers are on, otherwise nothing,
   * which drains everything already due on the real clock (e.g. `runAfter(0)`).
   */
  advanceTimers?: () => void;
  maxIterations?: number;
  /** Only wait for the scheduled functions already running. */
  inProgressOnly?: boolean;
}

type AnyQuery = FunctionReference<"query", "public" | "internal">;
type Kind = "query" | "mutation" | "action";
type QueryResult = { success: true; value: Value } | { success: false; error: Error };
type Optimistic = (store: OptimisticLocalStore) => void;
type Logger = ConvexReactClient["logger"];

interface Subscription {
  token: string;
  name: string;
  args: Record<string, Value>;
  listeners: Set<() => void>;
  /** Last result from the backend, `undefined` while loading. */
  server: QueryResult | undefined;
  /** Sequence number of the newest run whose result was applied. */
  appliedRun: number;
  /** JSON of `server`, to keep the same object when a re-run returns equal data. */
  serverJson: string | undefined;
  /** A paginated page's end, fixed by its first result (see the module comment). */
  pageEnd?: string;
}

const KIND_PREFIX: Record<Kind, string> = { query: "Q", mutation: "M", action: "A" };
const KIND_LABEL: Record<Kind, string> = { query: "Query", mutation: "Mutation", action: "Action" };

/** Every open test client: they share the one convex-test backend, so they all see each other's writes. */
const openClients = new Set<ConvexTestReactClient>();
/** Work started by any test client (query runs, mutations, actions, refreshes), for settle(). */
const inflight = new Set<Promise<unknown>>();

let requestCounter = 0;

function canonicalName(name: string): string {
  const [file, fn = "default"] = name.split(":");
  return `${file.replace(/\.js$/, "")}:${fn}`;
}

function nameOf(ref: FunctionReference<Kind, "public" | "internal"> | string): string {
  return canonicalName(typeof ref === "string" ? ref : getFunctionName(ref));
}

function tokenOf(name: string, args: Record<string, Value>): string {
  return JSON.stringify([canonicalName(name), convexToJson(args)]);
}

function argsOf(args: unknown): Record<string, Value> {
  if (args === undefined) return {};
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new Error(`The arguments to a Convex function must be an object. Received: ${String(args)}`);
  }
  return args as Record<string, Value>;
}

function isActEnvironment(): boolean {
  return (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT === true;
}

/** Error as the real client reports it: hybrid message, ConvexError data forwarded. */
function toClientError(kind: Kind, name: string, thrown: unknown): Error {
  if (thrown instanceof Error && (thrown as { __convexTestClient?: boolean }).__convexTestClient) return thrown;
  const original = thrown instanceof Error ? thrown : new Error(String(thrown));
  const isConvexError = original instanceof ConvexError || original.name === "ConvexError";
  const requestId = `convex-test-${++requestCounter}`;
  const message =
    `[CONVEX ${KIND_PREFIX[kind]}(${name})] [Request ID: ${requestId}] Server Error\n` +
    `Uncaught ${isConvexError ? "ConvexError" : original.name}: ${original.message}\n  Called by client`;
  let error: Error;
  if (isConvexError) {
    const convexError = new ConvexError<Value>(message);
    const data = (original as ConvexError<Value>).data;
    convexError.data = data === undefined ? message : jsonToConvex(convexToJson(data));
    error = convexError;
  } else {
    error = new Error(message);
  }
  Object.defineProperty(error, "cause", { value: original, enumerable: false, configurable: true });
  Object.defineProperty(error, "__convexTestClient", { value: true, enumerable: false });
  return error;
}

const silentLogger = {
  logVerbose: () => {},
  log: (...args: unknown[]) => console.info(...args),
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => console.error(...args),
} as unknown as Logger;

export class ConvexTestReactClient {
  readonly address: string;
  readonly options = { verbose: false };
  readonly signedIn: boolean;

  private readonly user: TestBackend | undefined;
  private readonly anonymous: TestBackend | undefined;
  private readonly modules: Record<string, () => Promise<unknown>>;
  private authCleared = false;
  private closed = false;
  private runCounter = 0;
  private mutationCounter = 0;
  private inflightMutations = 0;
  private inflightActions = 0;
  private readonly subscriptions = new Map<string, Subscription>();
  /** What the hooks see: server results with optimistic updates applied. */
  private displayed = new Map<string, QueryResult | undefined>();
  private optimisticUpdates: { id: number; update: Optimistic }[] = [];
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();

  constructor(options: ConvexTestReactClientOptions) {
    if (!options.t && !options.as) throw new Error("ConvexTestReactClient needs `t` and/or `as`.");
    this.user = options.as;
    this.anonymous = options.t;
    this.signedIn = options.as !== undefined;
    this.modules = options.modules ?? projectModules;
    this.address = options.url ?? "https://convex-test.invalid";
    openClients.add(this);
    if (options.autoClose !== false) {
      try {
        onTestFinished(() => this.close());
      } catch {
        // Created outside a running test (e.g. in beforeAll): the caller closes it.
      }
    }
  }

  // ---- ConvexReactClient surface used by convex/react and @convex-dev/auth/react ----

  get url(): string {
    return this.address;
  }

  get logger(): Logger {
    return silentLogger;
  }

  /** This object typed as the real client, for `<ConvexProvider client={...}>`. */
  get reactClient(): ConvexReactClient {
    return this as unknown as ConvexReactClient;
  }

  watchQuery<Query extends AnyQuery>(
    query: Query,
    ...argsAndOptions: [args?: FunctionArgs<Query>, options?: unknown]
  ): Watch<FunctionReturnType<Query>> {
    const name = nameOf(query);
    const args = argsOf(argsAndOptions[0]);
    const token = tokenOf(name, args);
    return {
      onUpdate: (callback) => this.subscribe(token, name, args, callback),
      localQueryResult: () => this.localResult(token) as FunctionReturnType<Query> | undefined,
      journal: () => undefined,
      localQueryLogs: () => undefined,
    } as Watch<FunctionReturnType<Query>>;
  }

  prewarmQuery(options: { query: AnyQuery; args?: Record<string, Value>; extendSubscriptionFor?: number }): void {
    const unsubscribe = this.watchQuery(options.query, options.args ?? {}).onUpdate(() => {});
    setTimeout(unsubscribe, options.extendSubscriptionFor ?? 5000);
  }

  async query<Query extends AnyQuery>(query: Query, ...args: OptionalRestArgs<Query>): Promise<FunctionReturnType<Query>> {
    const name = nameOf(query);
    const queryArgs = argsOf(args[0]);
    const existing = this.displayed.get(tokenOf(name, queryArgs));
    if (existing?.success) return existing.value as FunctionReturnType<Query>;
    const result = await this.track(this.execute("query", name, queryArgs));
    if (!result.success) throw result.error;
    return result.value as FunctionReturnType<Query>;
  }

  mutation<Mutation extends FunctionReference<"mutation">>(
    mutation: Mutation,
    ...argsAndOptions: [
      args?: FunctionArgs<Mutation>,
      options?: { optimisticUpdate?: (store: OptimisticLocalStore, args: FunctionArgs<Mutation>) => void },
    ]
  ): Promise<FunctionReturnType<Mutation>> {
    const name = nameOf(mutation);
    const args = argsOf(argsAndOptions[0]);
    const optimisticUpdate = argsAndOptions[1]?.optimisticUpdate;
    const id = ++this.mutationCounter;
    if (optimisticUpdate) {
      const update: Optimistic = (store) => optimisticUpdate(store, args as FunctionArgs<Mutation>);
      this.optimisticUpdates.push({ id, update });
      this.publish();
    }
    this.inflightMutations++;
    this.publishConnectionState();
    return this.track(
      (async () => {
        try {
          const result = await this.execute("mutation", name, args);
          // Re-run the watched queries first, then drop the optimistic update,
          // so subscribers see one consistent transition like with the real client.
          await refreshAll({ publish: false });
          if (!result.success) throw result.error;
          return result.value as FunctionReturnType<Mutation>;
        } finally {
          this.optimisticUpdates = this.optimisticUpdates.filter((u) => u.id !== id);
          this.inflightMutations--;
          publishAll();
          this.publishConnectionState();
        }
      })(),
    );
  }

  action<Action extends FunctionReference<"action">>(
    action: Action,
    ...args: OptionalRestArgs<Action>
  ): Promise<FunctionReturnType<Action>> {
    const name = nameOf(action);
    const actionArgs = argsOf(args[0]);
    this.inflightActions++;
    this.publishConnectionState();
    return this.track(
      (async () => {
        try {
          const result = await this.execute("action", name, actionArgs);
          await refreshAll({ publish: true });
          if (!result.success) throw result.error;
          return result.value as FunctionReturnType<Action>;
        } finally {
          this.inflightActions--;
          this.publishConnectionState();
        }
      })(),
    );
  }

  /**
   * Called by `ConvexProviderWithAuth` once its auth provider reports a user.
   * The client acts as `as` (when given); `onChange` reports whether the backend sees a user.
   */
  setAuth(
    fetchToken: (args: { forceRefreshToken: boolean }) => Promise<string | null | undefined>,
    onChange?: (isAuthenticated: boolean) => void,
  ): void {
    void fetchToken;
    const wasCleared = this.authCleared;
    this.authCleared = false;
    // Synchronous, so `useConvexAuth()` is settled right after render().
    onChange?.(this.signedIn);
    if (wasCleared) void this.refresh();
  }

  /** Called on sign-out / unmount: further calls run signed out (as `t`) when `t` was given. */
  clearAuth(): void {
    if (this.authCleared) return;
    this.authCleared = true;
    if (this.anonymous && this.user && this.subscriptions.size > 0) void this.refresh();
  }

  connectionState(): ConnectionState {
    return {
      hasInflightRequests: this.inflightMutations + this.inflightActions > 0,
      isWebSocketConnected: !this.closed,
      timeOfOldestInflightRequest: null,
      hasEverConnected: true,
      connectionCount: 1,
      connectionRetries: 0,
      inflightMutations: this.inflightMutations,
      inflightActions: this.inflightActions,
    };
  }

  subscribeToConnectionState(cb: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(cb);
    return () => this.connectionListeners.delete(cb);
  }

  async close(): Promise<void> {
    this.closed = true;
    openClients.delete(this);
    this.subscriptions.clear();
    this.displayed.clear();
    this.connectionListeners.clear();
  }

  // ---- test helpers ----

  /** Re-runs every watched query of every open test client and notifies changed subscribers. */
  refresh(): Promise<void> {
    return this.track(refreshAll({ publish: true }));
  }

  /** Runs scheduled functions (convex-test), then refreshes every watched query. */
  runScheduled(options: RunScheduledOptions = {}): Promise<void> {
    const backend = this.anonymous ?? this.user!;
    return this.track(
      (async () => {
        if (options.inProgressOnly) {
          await backend.finishInProgressScheduledFunctions();
        } else {
          const advance = options.advanceTimers ?? (vi.isFakeTimers() ? () => vi.runOnlyPendingTimers() : () => {});
          await backend.finishAllScheduledFunctions(advance, options.maxIterations);
        }
        await refreshAll({ publish: true });
      })(),
    );
  }

  /**
   * Resolves once no test client has anything in flight (query runs, mutations,
   * actions, refreshes): every watched query shows the backend's current data.
   */
  async settle(): Promise<void> {
    while (inflight.size > 0) {
      await Promise.allSettled([...inflight]);
    }
  }

  /** The queries components are currently subscribed to, as `name(args)` strings (for debugging tests). */
  get watchedQueries(): string[] {
    return [...this.subscriptions.values()].map((s) => `${s.name}(${JSON.stringify(convexToJson(s.args))})`);
  }

  // ---- internals ----

  private get backend(): TestBackend {
    if (this.authCleared && this.anonymous) return this.anonymous;
    return this.user ?? this.anonymous!;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    inflight.add(promise);
    const done = () => {
      inflight.delete(promise);
    };
    promise.then(done, done);
    return promise;
  }

  private subscribe(token: string, name: string, args: Record<string, Value>, callback: () => void): () => void {
    if (this.closed) throw new Error("ConvexTestReactClient has already been closed.");
    let sub = this.subscriptions.get(token);
    if (!sub) {
      sub = { token, name, args, listeners: new Set(), server: undefined, serverJson: undefined, appliedRun: 0 };
      this.subscriptions.set(token, sub);
      void this.track(this.runSubscription(sub, { publish: true }));
    }
    sub.listeners.add(callback);
    return () => {
      const current = this.subscriptions.get(token);
      if (!current) return;
      current.listeners.delete(callback);
      if (current.listeners.size === 0) {
        this.subscriptions.delete(token);
        this.recompute();
      }
    };
  }

  private localResult(token: string): Value | undefined {
    const result = this.displayed.get(token);
    if (result === undefined) return undefined;
    if (!result.success) throw result.error;
    return result.value;
  }

  /** Runs one function as the current identity; never throws (errors are returned, client-shaped). */
  private async execute(kind: Kind, name: string, args: Record<string, Value>): Promise<QueryResult> {
    try {
      await this.assertPublic(kind, name);
      const backend = this.backend as unknown as Record<Kind, (ref: unknown, args: unknown) => Promise<unknown>>;
      const value = await backend[kind](makeFunctionReference(name), args);
      return { success: true, value: (value ?? null) as Value };
    } catch (e) {
      return { success: false, error: toClientError(kind, name, e) };
    }
  }

  /** A browser can call only public functions of the right kind. */
  private async assertPublic(kind: Kind, name: string): Promise<void> {
    const [file, fn] = name.split(":");
    const key = Object.keys(this.modules).find(
      (k) => !k.includes("/_generated/") && new RegExp(`(^|/)convex/${escapeRegExp(file)}\\.(ts|js|tsx|jsx)$`).test(k),
    );
    const notFound = `Could not find public function for '${name}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`;
    if (!key) throw new Error(notFound);
    const mod = (await this.modules[key]()) as Record<string, Record<string, unknown> | undefined>;
    const exported = mod[fn];
    if (!exported || exported.isPublic !== true) throw new Error(notFound);
    const actual: Kind | undefined = exported.isQuery
      ? "query"
      : exported.isMutation
        ? "mutation"
        : exported.isAction
          ? "action"
          : undefined;
    if (actual !== kind) {
      throw new Error(
        `Trying to execute ${name} as ${KIND_LABEL[kind]}, but it is defined as ${actual ? KIND_LABEL[actual] : "something else"}.`,
      );
    }
  }

  private async runSubscription(sub: Subscription, { publish }: { publish: boolean }): Promise<void> {
    const run = ++this.runCounter;
    const result = await this.execute("query", sub.name, pinnedPageArgs(sub));
    // Ignore results of subscriptions that ended, and of runs overtaken by a newer one.
    if (this.closed || this.subscriptions.get(sub.token) !== sub || run < sub.appliedRun) return;
    sub.appliedRun = run;
    if (sub.pageEnd === undefined && result.success) sub.pageEnd = pageEndOf(sub.args, result.value);
    const json = result.success ? JSON.stringify(convexToJson(result.value)) : undefined;
    const unchanged =
      sub.server !== undefined &&
      ((result.success && sub.server.success && json === sub.serverJson) ||
        (!result.success &&
          !sub.server.success &&
          result.error.message.replace(/Request ID: [^\]]+/, "") === sub.server.error.message.replace(/Request ID: [^\]]+/, "")));
    if (!unchanged) {
      sub.server = result;
      sub.serverJson = json;
    }
    if (publish) this.publish();
  }

  /** @internal Re-runs every subscription; used by refreshAll. */
  async rerunAll(): Promise<void> {
    await Promise.all([...this.subscriptions.values()].map((sub) => this.track(this.runSubscription(sub, { publish: false }))));
  }

  /** Recomputes what the hooks see (server results + optimistic updates) without notifying. */
  private recompute(): string[] {
    const next = new Map<string, QueryResult | undefined>();
    for (const sub of this.subscriptions.values()) next.set(sub.token, sub.server);
    const queryArgs = new Map<string, { name: string; args: Record<string, Value> }>();
    for (const sub of this.subscriptions.values()) queryArgs.set(sub.token, { name: sub.name, args: sub.args });
    const store: OptimisticLocalStore = {
      getQuery: (query: AnyQuery, ...args: [Record<string, Value>?]) => {
        const result = next.get(tokenOf(nameOf(query), argsOf(args[0])));
        return result?.success ? result.value : undefined;
      },
      getAllQueries: (query: AnyQuery) => {
        const name = nameOf(query);
        return [...queryArgs.entries()]
          .filter(([, q]) => q.name === name)
          .map(([token, q]) => {
            const result = next.get(token);
            return { args: q.args, value: result?.success ? result.value : undefined };
          });
      },
      setQuery: (query: AnyQuery, args: Record<string, Value>, value: Value | undefined) => {
        const name = nameOf(query);
        const token = tokenOf(name, argsOf(args));
        queryArgs.set(token, { name, args: argsOf(args) });
        next.set(token, value === undefined ? undefined : { success: true, value });
      },
    } as unknown as OptimisticLocalStore;
    for (const { update } of this.optimisticUpdates) update(store);
    const changed: string[] = [];
    for (const [token, result] of next) {
      if (this.displayed.get(token) !== result) changed.push(token);
    }
    this.displayed = next;
    return changed;
  }

  /** @internal Recomputes and notifies the subscribers whose result changed. */
  publish(): void {
    if (this.closed) return;
    const changed = this.recompute();
    const callbacks: (() => void)[] = [];
    for (const token of changed) {
      const sub = this.subscriptions.get(token);
      if (sub) callbacks.push(...sub.listeners);
    }
    if (callbacks.length === 0) return;
    const notify = () => {
      for (const cb of callbacks) cb();
    };
    // Inside a test body React wants state updates wrapped in act(); inside
    // Testing Library's waitFor/findBy/user-event the act environment is off.
    if (isActEnvironment()) act(notify);
    else notify();
  }

  private publishConnectionState(): void {
    const state = this.connectionState();
    for (const cb of this.connectionListeners) cb(state);
  }
}

/** The `paginationOpts` of a page subscription (as `usePaginatedQuery` sends them), or undefined. */
function paginationOptsOf(args: Record<string, Value>): Record<string, Value> | undefined {
  const opts = args.paginationOpts;
  if (typeof opts !== "object" || opts === null || Array.isArray(opts) || opts instanceof ArrayBuffer) return undefined;
  return "numItems" in opts && "cursor" in opts ? (opts as Record<string, Value>) : undefined;
}

/** Where a page's first result ended, unless its args already fix an end (a split page). */
function pageEndOf(args: Record<string, Value>, value: Value): string | undefined {
  const opts = paginationOptsOf(args);
  if (!opts || (opts.endCursor !== undefined && opts.endCursor !== null)) return undefined;
  const cursor = (value as { continueCursor?: unknown } | null)?.continueCursor;
  return typeof cursor === "string" ? cursor : undefined;
}

/** The args to run a subscription with: a page keeps the end its first run found. */
function pinnedPageArgs(sub: Subscription): Record<string, Value> {
  const opts = paginationOptsOf(sub.args);
  if (!opts || sub.pageEnd === undefined) return sub.args;
  return { ...sub.args, paginationOpts: { ...opts, endCursor: sub.pageEnd } };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function refreshAll({ publish }: { publish: boolean }): Promise<void> {
  const clients = [...openClients];
  await Promise.all(clients.map((c) => c.rerunAll()));
  if (publish) publishAll();
}

function publishAll(): void {
  for (const c of openClients) c.publish();
}
