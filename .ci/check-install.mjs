// Proves that `npm ci` ran the install scripts the kit depends on: a native better-sqlite3 that
// opens a database, and an esbuild whose platform binary bundles. Either one missing breaks a fresh
// clone (no tracker database, no final-app pages), so CI stops here with a clear line.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const failures = [];

try {
  const Database = require("better-sqlite3");
  const db = new Database(":memory:");
  const row = db.prepare("select 6 * 7 as answer").get();
  db.close();
  if (row.answer !== 42) failures.push(`better-sqlite3 answered ${JSON.stringify(row)}`);
} catch (error) {
  failures.push(`better-sqlite3 does not load (was its install script skipped?): ${error.message}`);
}

try {
  const esbuild = await import("esbuild");
  const out = await esbuild.transform("const x: number = 1; export { x };", { loader: "ts" });
  if (!out.code.includes("const x = 1")) failures.push(`esbuild produced ${JSON.stringify(out.code)}`);
} catch (error) {
  failures.push(`esbuild does not run (was its install script skipped?): ${error.message}`);
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`install check: ${failure}`);
  process.exit(1);
}
console.log("install check: better-sqlite3 opens a database, esbuild transforms TypeScript");
