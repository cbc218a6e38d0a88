// The pages' code is TypeScript (final/web/src/), bundled in memory into one plain script per page
// when the server starts: no build step to forget and no stale output folder. esbuild is the compiler
// tsx already runs on.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export type PageName = 'peer' | 'dashboard';

const bundles = new Map<PageName, Promise<string>>();

export function pageScript(page: PageName): Promise<string> {
  let bundled = bundles.get(page);
  if (!bundled) {
    bundled = build({
      entryPoints: [fileURLToPath(new URL(`../web/src/${page}/main.ts`, import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2022',
      platform: 'browser',
      legalComments: 'none',
      logLevel: 'silent',
    }).then((result) => {
      const output = result.outputFiles[0];
      if (!output) throw new Error(`the ${page} page's script did not compile`);
      return output.text;
    });
    bundles.set(page, bundled);
  }
  return bundled;
}
