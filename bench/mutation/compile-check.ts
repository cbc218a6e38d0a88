// Does a mutant compile? The lab's programs run under tsx, which only strips types with esbuild: a
// mutant esbuild cannot transform never runs at all. A mutant that runs but breaks the types is no
// program the kit would accept either (npm test type-checks everything), so tsc checks the lab too.
// Measured here: tsc (the native TypeScript 7 compiler) checks Lab 01 with what it imports in 0.3 s
// on an idle machine and under 2 s on a busy one, small next to a grade (15–30 s), so every mutant
// gets both; the report shows the time it took.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { transform } from 'esbuild';
import { runBounded } from './process-group.ts';

const TSC = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
const TSC_TIMEOUT_MS = 120_000;

/** esbuild's first error for this TypeScript text, or undefined when it transforms. */
export async function syntaxError(source: string, file: string): Promise<string | undefined> {
  try {
    await transform(source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file, logLevel: 'silent' });
    return undefined;
  } catch (error) {
    const first = (error as { errors?: Array<{ text: string; location?: { line: number } | null }> }).errors?.[0];
    return first ? `esbuild: ${file}:${first.location?.line ?? '?'}: ${first.text}` : `esbuild: ${String(error)}`;
  }
}

/**
 * Writes a tsconfig into `workDir` that checks `labFolder` (relative to workDir) with the project's
 * settings; tsc follows its imports into the kit and the earlier labs.
 */
export function writeLabTsconfig(workDir: string, repoRoot: string, labFolder: string): string {
  const path = join(workDir, 'tsconfig.json');
  writeFileSync(path, JSON.stringify({ extends: join(repoRoot, 'tsconfig.json'), include: [`${labFolder}/*.ts`], exclude: [] }, null, 2));
  return path;
}

/** tsc's first error for the lab, or undefined when it type-checks. */
export async function typeError(tsconfig: string): Promise<string | undefined> {
  const run = await runBounded(process.execPath, [TSC, '--noEmit', '--pretty', 'false', '-p', tsconfig], { cwd: dirname(tsconfig), timeoutMs: TSC_TIMEOUT_MS });
  if (run.timedOut) return `tsc: no answer within ${TSC_TIMEOUT_MS / 1000} s`;
  if (run.code === 0) return undefined;
  const first = run.output.split('\n').find((line) => /error TS\d+/.test(line)) ?? run.output.trim().split('\n')[0];
  return `tsc: ${first ?? `exit code ${String(run.code)}`}`;
}
