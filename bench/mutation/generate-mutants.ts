// Every mutant StrykerJS's mutators make of one lab's reference files, located in the original text.
// Only the instrumenter's list of mutants is used: each is then applied alone, as a text edit.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import { lineStarts, offsetOf } from './apply-mutant.ts';
import type { MutantSite } from './mutant-site.ts';
import { peopleOnlyText } from './people-only-text.ts';

type Logger = ConstructorParameters<typeof Instrumenter>[0];

export const NOT_RUN = 'file not run: no program the lab starts loads it';

/** The lab's own .ts files, by name. */
export function labFiles(solutionsRoot: string, labSlug: string): string[] {
  return readdirSync(join(solutionsRoot, labSlug)).filter((name) => name.endsWith('.ts')).sort();
}

/**
 * The mutants of every file of the lab, in a stable order (file, then position). Those in files no
 * program runs, or in text only people read, carry the reason they are not graded.
 */
export async function generateMutants(solutionsRoot: string, labSlug: string, filesRun: ReadonlySet<string>): Promise<MutantSite[]> {
  const names = labFiles(solutionsRoot, labSlug);
  const sources = new Map(names.map((name) => [join(solutionsRoot, labSlug, name), { name, text: readFileSync(join(solutionsRoot, labSlug, name), 'utf8') }]));
  const files = [...sources].map(([path, { text }]) => ({ name: path, content: text, mutate: true as const }));
  const { mutants } = await new Instrumenter(quietLogger()).instrument(files, { plugins: null, excludedMutations: [], ignorers: [peopleOnlyText] });
  const starts = new Map([...sources].map(([path, { text }]) => [path, lineStarts(text)]));
  const sites = new Map<string, MutantSite>();
  for (const mutant of mutants) {
    const source = sources.get(mutant.fileName)!;
    const lines = starts.get(mutant.fileName)!;
    const start = offsetOf(lines, mutant.location.start);
    const end = offsetOf(lines, mutant.location.end);
    const key = `${source.name}@${start}-${end}/${mutant.mutatorName}/${createHash('sha1').update(mutant.replacement).digest('hex').slice(0, 10)}`;
    const excluded = filesRun.has(source.name) ? mutant.statusReason : NOT_RUN;
    sites.set(key, {
      key,
      file: source.name,
      line: mutant.location.start.line + 1,
      column: mutant.location.start.column + 1,
      start,
      end,
      mutator: mutant.mutatorName,
      original: source.text.slice(start, end),
      replacement: mutant.replacement,
      ...(excluded ? { excluded } : {}),
    });
  }
  return [...sites.values()].sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start || a.end - b.end || a.key.localeCompare(b.key));
}

// The instrumenter reports through Stryker's logger; only its warnings and errors matter here.
function quietLogger(): Logger {
  const warn = (message: string, ...args: unknown[]) => console.error(`stryker: ${message}`, ...args);
  const quiet = () => {};
  return {
    isTraceEnabled: () => false,
    isDebugEnabled: () => false,
    isInfoEnabled: () => false,
    isWarnEnabled: () => true,
    isErrorEnabled: () => true,
    isFatalEnabled: () => true,
    trace: quiet,
    debug: quiet,
    info: quiet,
    warn,
    error: warn,
    fatal: warn,
  };
}
