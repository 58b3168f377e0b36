/**
 * One WebSocket client of the sync protocol (`/api/<version>/sync`): its query set, its identity,
 * its mutations (run one at a time, in order, like Convex) and actions, and the Transitions that
 * bring it up to date.
 *
 * Versions follow the client's bookkeeping (convex/dist/esm/browser/sync): a Transition starts
 * where the previous one ended and ends at the session's current query-set and identity versions
 * and the backend's current timestamp. A mutation's promise resolves once a Transition reaches the
 * timestamp of its MutationResponse, so one follows every mutation; an Authenticate is confirmed
 * by a Transition whose identity version grows.
 */
import { clearInterval, setInterval } from "node:timers";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { ConvexRuntime, Identity } from "./convexRuntime";
import { toFunctionFailure } from "./functionErrors";
import {
  actionResponse,
  mutationResponse,
  transitionMessage,
  type ClientMessage,
  type QueryId,
  type StateModification,
  type StateVersion,
} from "./syncMessages";

/** The backend's logical clock: one timestamp for all sessions, advanced by every write. */
export interface TimestampClock {
  current(): bigint;
  advance(): bigint;
}

export function createTimestampClock(start = BigInt(Date.now()) * 1_000_000n): TimestampClock {
  let ts = start;
  return { current: () => ts, advance: () => ++ts };
}

export interface SyncSessionDeps {
  runtime: ConvexRuntime;
  clock: TimestampClock;
  /** Verifies a user token; throws (with a message for the client) when it is not valid. */
  verifyToken(token: string): Promise<Identity>;
  send(message: object): void;
  close(code: number, reason: string): void;
  pingIntervalMs?: number;
}

interface SubscribedQuery {
  udfPath: string;
  args: Record<string, Value>;
  /**
   * For a paginated query (`paginationOpts` argument): where its page ended on the first run, so
   * re-runs end there too and reactive pages stay gapless (what a Convex query journal records).
   */
  journal: string | null;
  /** The last value (or failure) sent, as JSON, to send only changes. */
  lastSent?: string;
}

type PaginationOpts = { numItems: number; cursor: string | null; endCursor?: string | null };

function paginationOptsOf(args: Record<string, Value>): PaginationOpts | null {
  const opts = args.paginationOpts as Partial<PaginationOpts> | undefined;
  return typeof opts === "object" && opts !== null && typeof opts.numItems === "number" ? (opts as PaginationOpts) : null;
}

/** The arguments a run uses: a journaled page keeps its end cursor unless the client set one. */
function argsWithJournal(query: SubscribedQuery): Record<string, Value> {
  const opts = paginationOptsOf(query.args);
  if (!opts || query.journal === null || opts.endCursor) return query.args;
  const { endCursor } = JSON.parse(query.journal) as { endCursor: string };
  return { ...query.args, paginationOpts: { ...opts, endCursor } };
}

/** The journal to keep after a run: a paginated result's end, recorded once. */
function journalAfter(query: SubscribedQuery, value: Value): string | null {
  if (query.journal !== null || !paginationOptsOf(query.args)) return query.journal;
  const continueCursor = (value as { continueCursor?: unknown } | null)?.continueCursor;
  return typeof continueCursor === "string" ? JSON.stringify({ endCursor: continueCursor }) : null;
}

const argsOf = (args: JSONValue[]) => (jsonToConvex(args[0] ?? {}) ?? {}) as Record<string, Value>;

export class SyncSession {
  private readonly queries = new Map<QueryId, SubscribedQuery>();
  private readonly dirty = new Set<QueryId>();
  private readonly removed = new Set<QueryId>();
  private querySetVersion = 0;
  private identityVersion = 0;
  private identity: Identity | null = null;
  private sent: StateVersion = { querySet: 0, identity: 0, ts: 0n };
  /** The latest MutationResponse timestamp: a Transition must reach it. */
  private owedTs = 0n;
  private flushing = false;
  private flushAgain = false;
  private inbox: Promise<void> = Promise.resolve();
  private mutations: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly ping: ReturnType<typeof setInterval>;

  constructor(private readonly deps: SyncSessionDeps) {
    this.ping = setInterval(() => this.deps.send({ type: "Ping" }), deps.pingIntervalMs ?? 15_000);
    this.ping.unref();
  }

  /** One text frame from the client. Messages are handled in order; mutations and actions run on. */
  receive(text: string): void {
    this.inbox = this.inbox
      .then(() => this.handle(JSON.parse(text) as ClientMessage))
      .catch((error: unknown) => this.fail(`InternalServerError: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Something was written: re-run every query. */
  refreshAll(): void {
    for (const id of this.queries.keys()) this.dirty.add(id);
    this.requestFlush();
  }

  dispose(): void {
    this.closed = true;
    clearInterval(this.ping);
  }

  private async handle(message: ClientMessage): Promise<void> {
    if (this.closed) return;
    switch (message.type) {
      case "Connect":
      case "Event":
        return;
      case "ModifyQuerySet":
        return this.modifyQuerySet(message);
      case "Authenticate":
        return await this.authenticate(message);
      case "Mutation": {
        const identity = this.identity;
        this.mutations = this.mutations.then(() => this.runMutation(message, identity));
        return;
      }
      case "Action":
        void this.runAction(message, this.identity);
        return;
      default:
        this.fail(`InternalServerError: unknown message type ${(message as { type?: unknown }).type}`);
    }
  }

  private modifyQuerySet(message: Extract<ClientMessage, { type: "ModifyQuerySet" }>): void {
    if (message.baseVersion !== this.querySetVersion) {
      this.fail(`InternalServerError: query set version ${message.baseVersion} does not follow ${this.querySetVersion}`);
      return;
    }
    for (const change of message.modifications) {
      if (change.type === "Add") {
        this.queries.set(change.queryId, { udfPath: change.udfPath, args: argsOf(change.args), journal: change.journal ?? null });
        this.dirty.add(change.queryId);
      } else {
        this.queries.delete(change.queryId);
        this.dirty.delete(change.queryId);
        this.removed.add(change.queryId);
      }
    }
    this.querySetVersion = message.newVersion;
    this.requestFlush();
  }

  private async authenticate(message: Extract<ClientMessage, { type: "Authenticate" }>): Promise<void> {
    if (message.tokenType === "User") {
      try {
        this.identity = await this.deps.verifyToken(message.value);
      } catch (error) {
        const reason = error instanceof Error ? error.message : "invalid token";
        this.deps.send({ type: "AuthError", error: reason, baseVersion: message.baseVersion, authUpdateAttempted: true });
        return;
      }
    } else if (message.tokenType === "Admin") {
      this.deps.send({
        type: "AuthError",
        error: "Admin tokens are not accepted by the offline backend",
        baseVersion: message.baseVersion,
        authUpdateAttempted: true,
      });
      return;
    } else {
      this.identity = null;
    }
    this.identityVersion = message.baseVersion + 1;
    this.refreshAll();
  }

  private async runMutation(message: Extract<ClientMessage, { type: "Mutation" }>, identity: Identity | null) {
    try {
      const value = await this.deps.runtime.call("mutation", message.udfPath, argsOf(message.args), identity);
      const ts = this.deps.clock.advance();
      this.owedTs = ts;
      this.deps.send(mutationResponse(message.requestId, { value: convexToJson(value), ts }));
      this.refreshAll();
    } catch (error) {
      this.deps.send(mutationResponse(message.requestId, toFunctionFailure(error)));
    }
  }

  private async runAction(message: Extract<ClientMessage, { type: "Action" }>, identity: Identity | null) {
    try {
      const value = await this.deps.runtime.call("action", message.udfPath, argsOf(message.args), identity);
      this.deps.send(actionResponse(message.requestId, { value: convexToJson(value) }));
    } catch (error) {
      this.deps.send(actionResponse(message.requestId, toFunctionFailure(error)));
    }
  }

  /** Runs flushes one after another until nothing new is owed. */
  private requestFlush(): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    void (async () => {
      try {
        do {
          this.flushAgain = false;
          await this.flushOnce();
        } while (this.flushAgain && !this.closed);
      } finally {
        this.flushing = false;
      }
    })().catch((error: unknown) => this.fail(`InternalServerError: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Re-runs the dirty queries as of now and sends one Transition (if anything changed or is owed). */
  private async flushOnce(): Promise<void> {
    const end: StateVersion = { querySet: this.querySetVersion, identity: this.identityVersion, ts: this.deps.clock.current() };
    const identity = this.identity;
    const ids = [...this.dirty];
    this.dirty.clear();
    const modifications: StateModification[] = [...this.removed].map((queryId) => ({ type: "QueryRemoved", queryId }));
    this.removed.clear();
    for (const queryId of ids) {
      const query = this.queries.get(queryId);
      if (query) {
        const change = await this.runQuery(queryId, query, identity);
        if (change) modifications.push(change);
      }
    }
    if (this.closed) return;
    const versionsMoved = end.querySet !== this.sent.querySet || end.identity !== this.sent.identity;
    if (modifications.length === 0 && !versionsMoved && this.owedTs <= this.sent.ts) return;
    this.deps.send(transitionMessage(this.sent, end, modifications));
    this.sent = end;
  }

  private async runQuery(queryId: QueryId, query: SubscribedQuery, identity: Identity | null): Promise<StateModification | null> {
    try {
      const result = await this.deps.runtime.call("query", query.udfPath, argsWithJournal(query), identity);
      const journal = journalAfter(query, result);
      const value = convexToJson(result);
      const json = JSON.stringify(value);
      if (json === query.lastSent && journal === query.journal) return null;
      query.lastSent = json;
      query.journal = journal;
      return { type: "QueryUpdated", queryId, value, logLines: [], journal };
    } catch (error) {
      const failure = toFunctionFailure(error);
      const json = `!${JSON.stringify(failure)}`;
      if (json === query.lastSent) return null;
      query.lastSent = json;
      return { type: "QueryFailed", queryId, ...failure, logLines: [], journal: query.journal };
    }
  }

  private fail(error: string): void {
    if (this.closed) return;
    this.deps.send({ type: "FatalError", error });
    this.deps.close(1011, error.slice(0, 120));
    this.dispose();
  }
}
