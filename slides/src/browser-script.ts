// The deck player is TypeScript (src/browser/), type-checked with the rest of the project, and
// bundled here into one plain script that is inlined into every page. esbuild is the compiler tsx
// already runs on, so this needs no extra dependency; the bundle is made once per process.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./browser/main.ts', import.meta.url));
let bundled: Promise<string> | undefined;

export function browserScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'silent',
  }).then((result) => {
    const output = result.outputFiles[0];
    if (!output) throw new Error('the deck player did not compile');
    // Inlined in a <script> element: make sure no "</script" in a string can end it early.
    return output.text.replace(/<\/(script)/gi, '<\\/$1');
  });
  return bundled;
}
