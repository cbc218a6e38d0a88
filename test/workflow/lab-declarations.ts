// Declaration files (.d.ts) of two trees of labs, emitted in one run of the project's own compiler:
// what each file offers its importers, without bodies. The trees are copied under .work/ so that
// `#kit/…` and node_modules resolve as in the repository, and top-level classes are exported in the
// copy, so a class a file keeps to itself (the connection class behind serveConnection) is emitted too.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';

export interface EmittedFile {
  /** The .d.ts text. */
  declarations: string;
  /** The classes the file does not export itself. */
  localClasses: string[];
}

export interface LabDeclarations {
  /** The folder holding the copies and their declarations; remove it when done. */
  readonly folder: string;
  /** The declarations of `tree/lab/file.ts`, or undefined when that file does not exist. */
  read(tree: string, lab: string, file: string): EmittedFile | undefined;
}

export function emitLabDeclarations(trees: string[]): LabDeclarations {
  mkdirSync(join(REPO_ROOT, '.work'), { recursive: true });
  const folder = mkdtempSync(join(REPO_ROOT, '.work', 'lab-declarations-'));
  const localClasses = new Map<string, string[]>();
  for (const tree of trees) copyWithClassesExported(join(REPO_ROOT, tree), join(folder, tree), localClasses);
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({
    extends: join(REPO_ROOT, 'tsconfig.json'),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      removeComments: true,
      // Types are checked by `tsc --noEmit` over the repository; here only the shapes matter.
      noCheck: true,
      rootDir: REPO_ROOT,
      outDir: join(folder, 'out'),
    },
    include: trees,
    exclude: [],
  }));
  const run = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', folder], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tsc could not emit the declarations:\n${run.stdout}${run.stderr}`);
  const emitted = join(folder, 'out', relative(REPO_ROOT, folder));
  return {
    folder,
    read(tree, lab, file) {
      const path = join(emitted, tree, lab, file.replace(/\.ts$/, '.d.ts'));
      if (!existsSync(path)) return undefined;
      return { declarations: readFileSync(path, 'utf8'), localClasses: localClasses.get(join(folder, tree, lab, file)) ?? [] };
    },
  };
}

/** Copies a tree of labs, exporting each top-level class that is not exported, and notes which. */
function copyWithClassesExported(from: string, to: string, localClasses: Map<string, string[]>): void {
  cpSync(from, to, { recursive: true, filter: (path) => !path.endsWith('.md') });
  for (const entry of readdirSync(to, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    const names: string[] = [];
    const source = readFileSync(path, 'utf8').replace(/^(?:abstract\s+)?class\s+([\w$]+)/gm, (declaration, name: string) => {
      names.push(name);
      return `export ${declaration}`;
    });
    writeFileSync(path, source);
    localClasses.set(path, names);
  }
}
