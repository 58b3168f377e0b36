/**
 * The Convex sync protocol's wire shapes as the pinned `convex` client speaks them
 * (convex/dist/esm/browser/sync/protocol.d.ts), and their encoding: timestamps are u64 sent as
 * base64 of 8 little-endian bytes.
 */
import { Buffer } from "node:buffer";
import type { JSONValue } from "convex/values";

export type QueryId = number;

export type ClientMessage =
  | {
      type: "Connect";
      sessionId: string;
      connectionCount: number;
      lastCloseReason: string | null;
      maxObservedTimestamp?: string;
      clientTs?: number;
    }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: (
        | { type: "Add"; queryId: QueryId; udfPath: string; args: JSONValue[]; journal?: string | null; componentPath?: string }
        | { type: "Remove"; queryId: QueryId }
      )[];
    }
  | { type: "Mutation"; requestId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
  | { type: "Action"; requestId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
  | { type: "Authenticate"; tokenType: "User"; value: string; baseVersion: number }
  | { type: "Authenticate"; tokenType: "Admin"; value: string; baseVersion: number }
  | { type: "Authenticate"; tokenType: "None"; baseVersion: number }
  | { type: "Event"; eventType: string; event: unknown };

export interface StateVersion {
  querySet: number;
  identity: number;
  ts: bigint;
}

export type StateModification =
  | { type: "QueryUpdated"; queryId: QueryId; value: JSONValue; logLines: string[]; journal: string | null }
  | {
      type: "QueryFailed";
      queryId: QueryId;
      errorMessage: string;
      errorData?: JSONValue;
      logLines: string[];
      journal: string | null;
    }
  | { type: "QueryRemoved"; queryId: QueryId };

/** A function's failure as the protocol carries it: a message and, for a ConvexError, its data. */
export interface FunctionFailure {
  errorMessage: string;
  errorData?: JSONValue;
}

export function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ts);
  return bytes.toString("base64");
}

export function transitionMessage(start: StateVersion, end: StateVersion, modifications: StateModification[]) {
  const encode = (v: StateVersion) => ({ querySet: v.querySet, identity: v.identity, ts: encodeTs(v.ts) });
  return { type: "Transition", startVersion: encode(start), endVersion: encode(end), modifications };
}

export function mutationResponse(requestId: number, outcome: { value: JSONValue; ts: bigint } | FunctionFailure) {
  return "errorMessage" in outcome
    ? { type: "MutationResponse", requestId, success: false, result: outcome.errorMessage, logLines: [], ...errorDataOf(outcome) }
    : { type: "MutationResponse", requestId, success: true, result: outcome.value, ts: encodeTs(outcome.ts), logLines: [] };
}

export function actionResponse(requestId: number, outcome: { value: JSONValue } | FunctionFailure) {
  return "errorMessage" in outcome
    ? { type: "ActionResponse", requestId, success: false, result: outcome.errorMessage, logLines: [], ...errorDataOf(outcome) }
    : { type: "ActionResponse", requestId, success: true, result: outcome.value, logLines: [] };
}

function errorDataOf(failure: FunctionFailure): { errorData?: JSONValue } {
  return failure.errorData === undefined ? {} : { errorData: failure.errorData };
}
