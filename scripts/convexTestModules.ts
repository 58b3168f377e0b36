/**
 * The module map `convexTest(schema, modules)` needs, built by hand for plain Node (tsx): what
 * `import.meta.glob("../convex/**")` gives under Vite.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export function convexTestModules(): Record<string, () => Promise<unknown>> {
  const root = path.resolve(import.meta.dirname, "../convex");
  const modules: Record<string, () => Promise<unknown>> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        modules["../convex/" + path.relative(root, full).split(path.sep).join("/")] = () => import(pathToFileURL(full).href);
      }
    }
  };
  walk(root);
  return modules;
}
