// Fails when convex/_generated is stale: regenerates it offline and compares with what is committed.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const dir = path.resolve("convex/_generated");
const snapshot = mkdtempSync(path.join(tmpdir(), "folio-codegen-"));
cpSync(dir, snapshot, { recursive: true });

try {
  execFileSync("npx", ["convex", "codegen", "--system-udfs", "--typecheck", "disable"], { stdio: "inherit" });
  const before = readdirSync(snapshot).sort();
  const after = readdirSync(dir).sort();
  const stale = [...new Set([...before, ...after])].filter((f) => {
    try {
      return readFileSync(path.join(snapshot, f), "utf8") !== readFileSync(path.join(dir, f), "utf8");
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    cpSync(snapshot, dir, { recursive: true });
    console.error(`convex/_generated is stale (${stale.join(", ")}): run \`npm run codegen\` and commit the result.`);
    process.exit(1);
  }
  console.log("convex/_generated is up to date.");
} finally {
  rmSync(snapshot, { recursive: true, force: true });
}
