/**
 * The app's Convex functions as convex-test wants them: a map from each module's path (under a
 * directory holding `_generated`) to a loader, like `import.meta.glob("convex/**")` in the tests
 * (tests/convex/modules.ts). Built by walking `convex/` because this runs in plain Node.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const CONVEX_DIR = path.resolve(import.meta.dirname, "../../convex");

function listModuleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listModuleFiles(full);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Every module of `convex/`, keyed by absolute path, loaded on first use. */
export function convexModules(dir = CONVEX_DIR): Record<string, () => Promise<Record<string, unknown>>> {
  return Object.fromEntries(listModuleFiles(dir).map((file) => [file, () => import(pathToFileURL(file).href)]));
}

/** The file of a function path's module (`books:list` -> convex/books.ts), or undefined. */
export function moduleLoaderFor(
  modules: Record<string, () => Promise<Record<string, unknown>>>,
  modulePath: string,
  dir = CONVEX_DIR,
): (() => Promise<Record<string, unknown>>) | undefined {
  const base = path.join(dir, modulePath);
  return modules[`${base}.ts`] ?? modules[`${base}.js`];
}
