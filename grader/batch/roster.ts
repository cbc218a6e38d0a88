// Who is graded in a batch: every folder inside a folder of checkouts (one per student, named after
// it), or every path listed in a text file (one per line, # for comments).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '#kit/cli/flags.ts';

export interface Checkout {
  /** The student, as the gradebook names them: the folder's name. */
  student: string;
  dir: string;
}

export function readRoster(path: string): Checkout[] {
  const where = resolve(path);
  if (!existsSync(where)) throw new UsageError(`${path}: no such folder or file`);
  const dirs = statSync(where).isDirectory() ? foldersIn(where) : listedIn(where);
  if (dirs.length === 0) throw new UsageError(`${path}: no checkouts in it (a folder per student, or a file with one path per line)`);
  const checkouts = dirs.map((dir) => ({ student: basename(dir), dir }));
  const seen = new Set<string>();
  for (const { student } of checkouts) {
    if (seen.has(student)) throw new UsageError(`${path}: two checkouts are both called "${student}": the gradebook names students by folder`);
    seen.add(student);
  }
  return checkouts.sort((a, b) => a.student.localeCompare(b.student));
}

function foldersIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => join(dir, entry.name));
}

function listedIn(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  return lines.map((line) => {
    const dir = resolve(dirname(file), line);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${file}: "${line}" is not a folder`);
    return dir;
  });
}
