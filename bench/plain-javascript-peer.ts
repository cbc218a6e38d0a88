// The Lab 04 reference peer as one plain JavaScript file, for measuring what the code itself costs:
// a peer run with tsx also carries tsx (its loader thread and compiler, about 35 MB on an idle process).
// The same sources, bundled by esbuild (the compiler tsx runs on), run with bare `node`.
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../solutions/04-file-transfer/peer.ts', import.meta.url));

/** Writes `peer.mjs` into `dir` (dependencies included, so it runs from anywhere) and returns its path. */
export async function buildPlainJavaScriptPeer(dir: string): Promise<string> {
  const outfile = join(dir, 'peer.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // CommonJS dependencies inside an ES module bundle still call require(): give them one.
    banner: { js: "import { createRequire as __kitCreateRequire } from 'node:module'; const require = __kitCreateRequire(import.meta.url);" },
  });
  return outfile;
}
