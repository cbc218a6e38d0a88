// The pages' code is type-checked as browser code (final/web/tsconfig.json: the DOM library, strict),
// apart from the repository's Node-only check.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('type-checks the browser code of the final app', () => {
  const run = spawnSync(`${ROOT}node_modules/.bin/tsc`, ['-p', 'final/web', '--noEmit'], { cwd: ROOT, encoding: 'utf8' });
  expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
  expect(run.status).toBe(0);
}, 60_000);
