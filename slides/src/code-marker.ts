// `@code FILE#REGION` quotes a region of a file in the repository; `@code FILE` quotes a whole small
// file. Slides never hold pasted code, so they cannot drift from the code students are graded against.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, relative, sep } from 'node:path';
import { findRegions, tidy, wholeFile, type Region } from './code-regions.ts';
import { MarkerFailure } from './deck-problem.ts';
import { REPO_ROOT, resolveInside } from './repo-paths.ts';

/** More lines than this do not fit a slide at a size people at the back can read. */
export const MAX_QUOTED_LINES = 24;

export interface QuotedCode {
  /** The file, relative to the repository root. */
  file: string;
  region: string | undefined;
  language: string;
  code: string;
  /** Line numbers of the quoted code in the file, for the caption. */
  firstLine: number;
  lastLine: number;
}

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.ts': 'ts', '.mts': 'ts', '.js': 'ts', '.mjs': 'ts', '.json': 'json', '.sh': 'sh',
};

export function quoteCode(spec: string, repoRoot: string = REPO_ROOT): QuotedCode {
  const match = /^([^\s#]+)(?:#([\w.-]+))?$/.exec(spec.trim());
  if (!match) throw new MarkerFailure('expected a file path relative to the repository, optionally followed by #region-name');
  const [, path = '', regionName] = match;
  const full = resolveInside(repoRoot, path);
  if (!full) throw new MarkerFailure(`${path} is outside the repository`);
  if (!existsSync(full) || !statSync(full).isFile()) throw new MarkerFailure(`file not found: ${path}`);
  const source = readFileSync(full, 'utf8');
  const region = pickRegion(source, path, regionName);
  const { lines, droppedAtStart } = tidy(region.lines);
  if (lines.length === 0) throw new MarkerFailure(`${describe(path, regionName)} is empty`);
  if (lines.length > MAX_QUOTED_LINES) {
    throw new MarkerFailure(`${describe(path, regionName)} has ${lines.length} lines; a slide shows at most ${MAX_QUOTED_LINES}: quote a smaller region`);
  }
  const firstLine = region.firstLine + droppedAtStart;
  return {
    file: relative(repoRoot, full).split(sep).join('/'),
    region: regionName,
    language: LANGUAGE_BY_EXTENSION[extname(path)] ?? 'text',
    code: lines.join('\n'),
    firstLine,
    lastLine: firstLine + lines.length - 1,
  };
}

function pickRegion(source: string, path: string, name: string | undefined): Region {
  if (name === undefined) return wholeFile(source);
  let regions: Map<string, Region>;
  try {
    regions = findRegions(source);
  } catch (error) {
    throw new MarkerFailure(`${path} has broken region markers: ${(error as Error).message}`);
  }
  const region = regions.get(name);
  if (region) return region;
  const known = [...regions.keys()].sort();
  throw new MarkerFailure(`no region "${name}" in ${path} (${known.length ? `its regions: ${known.join(', ')}` : 'it has no regions'})`);
}

function describe(path: string, region: string | undefined): string {
  return region === undefined ? path : `region "${region}" of ${path}`;
}
