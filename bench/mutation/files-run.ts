// Which of a lab's files the grader actually runs: those its started programs load, found by letting
// esbuild resolve their imports (type-only imports load nothing, and esbuild drops them too).
import { isAbsolute, join, relative, sep } from 'node:path';
import { build } from 'esbuild';

/** Names of the lab's files reachable from the programs the checks start (`entries`, e.g. peer.ts). */
export async function filesRunBy(repoRoot: string, labFolder: string, entries: readonly string[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const result = await build({
    absWorkingDir: repoRoot,
    // An absolute entry is a probe of the grader's own that loads a lab module (CheckContext.start).
    entryPoints: entries.map((file) => (isAbsolute(file) ? file : join(labFolder, file))),
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    // Several entry points need an output folder, though nothing is written (write: false).
    outdir: join(repoRoot, '.work', 'mutation', 'unused-bundle'),
    logLevel: 'silent',
  });
  const inLab = relative(repoRoot, labFolder) + sep;
  return new Set(
    Object.keys(result.metafile.inputs)
      .map((input) => input.split('/').join(sep))
      .filter((input) => input.startsWith(inLab) && !input.slice(inLab.length).includes(sep))
      .map((input) => input.slice(inLab.length)),
  );
}
