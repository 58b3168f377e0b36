/**
 * Hooks into convex-test's syscalls (the `Convex` global the Convex runtime calls for every
 * database and storage operation):
 *
 * - storage URLs: convex-test hands out `https://some-deployment.convex.cloud/...` URLs nobody can
 *   reach; here upload URLs and file URLs are on the offline backend's own origin;
 * - writes: every insert, patch, replace, delete and stored or deleted file is reported, so the
 *   sync sessions re-run their queries after writes made anywhere (mutations, actions, scheduled
 *   functions);
 * - books: a book written with a title, an author and an ISBN is reported, so the emulated cover
 *   catalogue knows that edition as the real sources would (ISBN lookups answer first).
 *
 * convex-test installs one `Convex` global per process, so these hooks are installed once.
 */

type AsyncSyscall = (op: string, jsonArgs: string) => Promise<string>;
type JsSyscall = (op: string, args: Record<string, unknown>) => Promise<unknown>;
interface ConvexGlobal {
  readonly syscall: unknown;
  readonly asyncSyscall: AsyncSyscall;
  readonly jsSyscall: JsSyscall;
}

const WRITE_OPS = new Set(["1.0/insert", "1.0/shallowMerge", "1.0/replace", "1.0/remove", "1.0/storageDelete", "1.0/cancel_job"]);

export interface SyscallHooks {
  /** The URL a stored file is served at. */
  fileUrl(storageId: string): string;
  /** A fresh upload URL. */
  uploadUrl(): string;
  /** Called after each write (inside the writing function: defer any work). */
  onWrite(): void;
  /** Called after a `books` document is written with a title, an author and an ISBN (inside the writing function: no database work). */
  onBookWritten?(book: { title: string; author: string; isbn: string }): void;
}

const BOOK_WRITE_OPS = new Set(["1.0/insert", "1.0/shallowMerge", "1.0/replace"]);

/** The title, author and ISBN a `books` write carries (all three), else null. */
export function bookFieldsOf(op: string, jsonArgs: string): { title: string; author: string; isbn: string } | null {
  if (!BOOK_WRITE_OPS.has(op)) return null;
  const { table, value } = JSON.parse(jsonArgs) as { table?: unknown; value?: Record<string, unknown> };
  if (table !== "books" || !value) return null;
  const { title, author, isbn } = value;
  return typeof title === "string" && typeof author === "string" && typeof isbn === "string" ? { title, author, isbn } : null;
}

let installed = false;

/** Wraps the `Convex` global that `convexTest()` installed. Call once, after the first `convexTest()`. */
export function installSyscallHooks(hooks: SyscallHooks): void {
  if (installed) throw new Error("The offline backend's syscall hooks are already installed in this process.");
  const g = globalThis as unknown as { Convex?: ConvexGlobal };
  const inner = g.Convex;
  if (!inner) throw new Error("convex-test has not installed its Convex global yet: call convexTest() first.");
  installed = true;
  g.Convex = {
    get syscall() {
      return inner.syscall;
    },
    get asyncSyscall(): AsyncSyscall {
      const call = inner.asyncSyscall;
      return async (op, jsonArgs) => {
        if (op === "1.0/storageGenerateUploadUrl") return JSON.stringify(hooks.uploadUrl());
        const result = await call(op, jsonArgs);
        if (op === "1.0/storageGetUrl") {
          const { storageId } = JSON.parse(jsonArgs) as { storageId: string };
          return JSON.parse(result) === null ? result : JSON.stringify(hooks.fileUrl(storageId));
        }
        if (WRITE_OPS.has(op)) hooks.onWrite();
        const book = hooks.onBookWritten ? bookFieldsOf(op, jsonArgs) : null;
        if (book) hooks.onBookWritten!(book);
        return result;
      };
    },
    get jsSyscall(): JsSyscall {
      const call = inner.jsSyscall;
      return async (op, args) => {
        const result = await call(op, args);
        if (op === "storage/storeBlob") hooks.onWrite();
        return result;
      };
    },
  };
}
