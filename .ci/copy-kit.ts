// Copies the kit's files (what git would commit, see listKitFiles) into a fresh folder, so that
// another Node.js can get its own node_modules there while this checkout's stays as it is.
// Usage: node --import tsx .ci/copy-kit.ts DEST
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listKitFiles } from '../grader/workflow/kit-files.ts';

const kitRoot = fileURLToPath(new URL('..', import.meta.url));
const dest = process.argv[2];
if (!dest) {
  console.error('usage: node --import tsx .ci/copy-kit.ts DEST');
  process.exit(2);
}

const target = resolve(dest);
rmSync(target, { recursive: true, force: true });
const files = listKitFiles(kitRoot);
for (const path of files) {
  mkdirSync(dirname(join(target, path)), { recursive: true });
  cpSync(join(kitRoot, path), join(target, path));
}
console.log(`copied ${files.length} kit files to ${dest}`);
