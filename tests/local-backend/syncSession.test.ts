// One sync session against a stand-in runtime: Transition versions, and the journal that keeps a
// reactive page ending where it first ended (Convex's gapless pagination).
import type { Value } from "convex/values";
import type { ConvexRuntime } from "../../tools/local-backend/convexRuntime";
import { createTimestampClock, SyncSession } from "../../tools/local-backend/syncSession";

type Page = { page: string[]; isDone: boolean; continueCursor: string };

/** Newest first; a cursor is the last item of a page, "_end_cursor" the end. */
function paginate(items: string[], opts: { numItems: number; cursor: string | null; endCursor?: string | null }): Page {
  const start = opts.cursor === null ? 0 : items.indexOf(opts.cursor) + 1;
  const end = opts.endCursor
    ? opts.endCursor === "_end_cursor"
      ? items.length
      : items.indexOf(opts.endCursor) + 1
    : start + opts.numItems;
  const page = items.slice(start, end);
  const isDone = end >= items.length;
  return { page, isDone, continueCursor: isDone ? "_end_cursor" : page[page.length - 1] };
}

function setup() {
  const items = ["c", "b", "a"];
  const runtime = {
    call: async (_kind: string, _path: string, args: Record<string, Value>) => paginate(items, args.paginationOpts as never),
  } as unknown as ConvexRuntime;
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  const session = new SyncSession({
    runtime,
    clock: createTimestampClock(1000n),
    verifyToken: () => Promise.reject(new Error("no tokens here")),
    send: (m) => {
      messages.push(m as Record<string, unknown>);
      waiters.splice(0).forEach((w) => w());
    },
    close: () => undefined,
  });
  const transitions = () =>
    messages.filter((m) => m.type === "Transition") as unknown as {
      startVersion: { querySet: number; identity: number; ts: string };
      endVersion: { querySet: number; identity: number; ts: string };
      modifications: { type: string; value?: Page; journal?: string | null }[];
    }[];
  const nextTransition = async (count: number) => {
    while (transitions().length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return transitions()[count - 1];
  };
  return { items, session, nextTransition };
}

describe("SyncSession", () => {
  it("starts each Transition where the last one ended", async () => {
    const { session, nextTransition } = setup();
    session.receive(JSON.stringify({ type: "Connect", sessionId: "s", connectionCount: 0, lastCloseReason: null }));
    session.receive(
      JSON.stringify({
        type: "ModifyQuerySet",
        baseVersion: 0,
        newVersion: 1,
        modifications: [
          { type: "Add", queryId: 0, udfPath: "books:list", args: [{ paginationOpts: { numItems: 2, cursor: null } }] },
        ],
      }),
    );
    const first = await nextTransition(1);
    expect(first.startVersion).toMatchObject({ querySet: 0, identity: 0 });
    expect(first.endVersion).toMatchObject({ querySet: 1, identity: 0 });
    session.receive(JSON.stringify({ type: "Authenticate", tokenType: "None", baseVersion: 0 }));
    const second = await nextTransition(2);
    expect(second.startVersion).toEqual(first.endVersion);
    expect(second.endVersion).toMatchObject({ querySet: 1, identity: 1 });
    session.dispose();
  });

  it("keeps a page's end after new items arrive, so the page grows instead of dropping its last item", async () => {
    const { items, session, nextTransition } = setup();
    session.receive(
      JSON.stringify({
        type: "ModifyQuerySet",
        baseVersion: 0,
        newVersion: 1,
        modifications: [
          { type: "Add", queryId: 0, udfPath: "books:list", args: [{ paginationOpts: { numItems: 2, cursor: null } }] },
        ],
      }),
    );
    const first = await nextTransition(1);
    expect(first.modifications[0].value?.page).toEqual(["c", "b"]);
    expect(first.modifications[0].journal).toBe(JSON.stringify({ endCursor: "b" }));

    items.unshift("d");
    session.refreshAll();
    const second = await nextTransition(2);
    expect(second.modifications[0].value?.page).toEqual(["d", "c", "b"]);
    expect(second.modifications[0].journal).toBe(JSON.stringify({ endCursor: "b" }));
    session.dispose();
  });
});
