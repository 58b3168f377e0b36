/**
 * `npm run bench:cost`'s instrument: wraps every registered Convex function of the modules given
 * to convex-test so each call is recorded with its kind, what its transaction read and wrote (the
 * figures `ctx.meta.getTransactionMetrics()` reports, the ones Convex's per-call limits apply to),
 * the size of its arguments and result, the functions it scheduled, and, for actions, how many
 * child actions (`ctx.runAction`) it had running at once.
 */
import { convexToJson, type Value } from "convex/values";

export type CallKind = "query" | "mutation" | "action";

/** What one transaction used, in the units of Convex's per-call limits. */
export interface CallUsage {
  bytesRead: number;
  bytesWritten: number;
  documentsRead: number;
  documentsWritten: number;
  /** Index ranges read (each `db.get` and `db.query`). */
  databaseQueries: number;
  functionsScheduled: number;
  scheduledFunctionArgsBytes: number;
  returnBytes: number;
  argsBytes: number;
}

export interface CallRecord extends CallUsage {
  name: string;
  kind: CallKind;
  startedAt: number;
  endedAt: number;
  /** Actions: most child actions it had running at once. */
  childActions: number;
  /** Mutations: the tables it inserted into, patched, replaced or deleted from. */
  tablesWritten: string[];
}

/** Convex's documented per-call limits (docs.convex.dev/production/state/limits). */
export const CONVEX_CALL_LIMITS: Record<Exclude<keyof CallUsage, "argsBytes">, number> = {
  bytesRead: 16 * 2 ** 20,
  bytesWritten: 16 * 2 ** 20,
  documentsRead: 32_000,
  documentsWritten: 16_000,
  databaseQueries: 4_096,
  functionsScheduled: 1_000,
  scheduledFunctionArgsBytes: 16 * 2 ** 20,
  returnBytes: 16 * 2 ** 20,
};

/** Convex's documented limit on one document's size. */
export const DOCUMENT_SIZE_LIMIT = 2 ** 20;

export interface Meter {
  calls: CallRecord[];
  /** Actions running right now, and the most at once. */
  running: { actions: number; peakActions: number };
  /** Starts a fresh measurement (setup calls before it are dropped). */
  reset(): void;
}

export function createMeter(): Meter {
  const meter: Meter = {
    calls: [],
    running: { actions: 0, peakActions: 0 },
    reset() {
      meter.calls = [];
      meter.running.peakActions = meter.running.actions;
    },
  };
  return meter;
}

/** Serialised size of a Convex value (0 for undefined), close to what Convex counts. */
export function valueBytes(value: unknown): number {
  if (value === undefined) return 0;
  return JSON.stringify(convexToJson(value as Value)).length;
}

type Handler = (ctx: Record<string, unknown>, args: unknown) => Promise<unknown>;
interface Registered {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  _handler: Handler;
}

function kindOf(value: unknown): CallKind | null {
  if (typeof value !== "function" || !("_handler" in value)) return null;
  const f = value as unknown as Registered;
  return f.isQuery ? "query" : f.isMutation ? "mutation" : f.isAction ? "action" : null;
}

const noUsage = (): CallUsage => ({
  bytesRead: 0,
  bytesWritten: 0,
  documentsRead: 0,
  documentsWritten: 0,
  databaseQueries: 0,
  functionsScheduled: 0,
  scheduledFunctionArgsBytes: 0,
  returnBytes: 0,
  argsBytes: 0,
});

interface Metrics {
  [key: string]: { used: number };
}

/** The handler, recording each call into `meter`. */
function meteredHandler(meter: Meter, name: string, kind: CallKind, handler: Handler): Handler {
  return async (ctx, args) => {
    const record: CallRecord = {
      name,
      kind,
      startedAt: Date.now(),
      endedAt: 0,
      childActions: 0,
      tablesWritten: [],
      ...noUsage(),
    };
    record.argsBytes = valueBytes(args);
    let inner = ctx;
    if (kind === "action") {
      meter.running.actions++;
      meter.running.peakActions = Math.max(meter.running.peakActions, meter.running.actions);
      inner = actionCtx(ctx, record);
    }
    if (kind === "mutation") inner = { ...ctx, db: writesNoted(ctx.db as object, record) };
    try {
      const result = await handler(inner, args);
      record.returnBytes = valueBytes(result);
      if (kind !== "action") {
        const meta = ctx.meta as { getTransactionMetrics(): Promise<Metrics> };
        const m = await meta.getTransactionMetrics();
        for (const key of Object.keys(CONVEX_CALL_LIMITS) as (keyof CallUsage)[]) {
          if (m[key]) record[key] = m[key].used;
        }
      }
      return result;
    } finally {
      if (kind === "action") meter.running.actions--;
      record.endedAt = Date.now();
      meter.calls.push(record);
    }
  };
}

const WRITE_METHODS = new Set(["insert", "patch", "replace", "delete"]);

/** The database writer, noting on the record which tables are written (`insert(table, …)`, `patch(table, id, …)`, …). */
function writesNoted(db: object, record: CallRecord): object {
  return new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== "function") return value;
      const method = (value as (...a: unknown[]) => unknown).bind(target);
      if (typeof key !== "string" || !WRITE_METHODS.has(key)) return method;
      return (...a: unknown[]) => {
        const table = key === "insert" || a.length > (key === "delete" ? 1 : 2) ? String(a[0]) : "(by id)";
        if (!record.tablesWritten.includes(table)) record.tablesWritten.push(table);
        return method(...a);
      };
    },
  });
}

/** An action's ctx whose child actions and scheduled functions are counted on its record. */
function actionCtx(ctx: Record<string, unknown>, record: CallRecord): Record<string, unknown> {
  let children = 0;
  const runAction = ctx.runAction as (...a: unknown[]) => Promise<unknown>;
  const scheduler = ctx.scheduler as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const counted =
    (method: string) =>
    (...a: unknown[]) => {
      record.functionsScheduled++;
      record.scheduledFunctionArgsBytes += valueBytes(a[2]);
      return scheduler[method](...a);
    };
  return {
    ...ctx,
    runAction: async (...a: unknown[]) => {
      children++;
      record.childActions = Math.max(record.childActions, children);
      try {
        return await runAction(...a);
      } finally {
        children--;
      }
    },
    scheduler: { ...scheduler, runAfter: counted("runAfter"), runAt: counted("runAt") },
  };
}

/**
 * The modules with every registered function's handler metered. Function names are Convex's
 * ("coverBackfill:beginDrainStep").
 */
export function meteredModules(
  modules: Record<string, () => Promise<unknown>>,
  meter: Meter,
): Record<string, () => Promise<Record<string, unknown>>> {
  return Object.fromEntries(
    Object.entries(modules).map(([file, load]) => {
      const modulePath = file.replace(/^.*\/convex\//, "").replace(/\.[jt]s$/, "");
      const metered = async () => {
        const mod = (await load()) as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [exportName, value] of Object.entries(mod)) {
          const kind = kindOf(value);
          if (!kind) {
            out[exportName] = value;
            continue;
          }
          const registered = value as unknown as Registered;
          const wrapped = meteredHandler(meter, `${modulePath}:${exportName}`, kind, registered._handler);
          out[exportName] = new Proxy(registered, {
            get: (target, key, receiver) => (key === "_handler" ? wrapped : Reflect.get(target, key, receiver)),
          });
        }
        return out;
      };
      return [file, metered];
    }),
  );
}
