// The autograder archive Gradescope takes ("Autograder Specifications": setup.sh and run_autograder at
// the root of a zip): this kit's grader, kit/ and starters, its lock file for npm ci, and a config of
// the labs to grade and the seed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { importedKitFiles } from '../workflow/import-graph.ts';
import { listKitFiles } from '../workflow/kit-files.ts';

export const AUTOGRADER_CONFIG = 'gradescope.json';
/** The Node.js that setup.sh installs when the image has none of 20 or later (the kit's CI runs it). */
export const AUTOGRADER_NODE = '20.20.2';

export interface AutograderConfig {
  labs: string[];
  seed: number;
}

/** The programs the archive runs; every kit file they import comes along. */
const ENTRY_POINTS = ['grader/cli.ts', 'grader/gradescope/run-autograder.ts'];
/**
 * Files used at run time rather than imported by the grader: the starters and READMEs, the lock file,
 * all of kit/ (the students' programs import it) and of grader/ (points, probes it runs as programs),
 * without the mutants, which are edits of the reference solutions.
 */
const DATA = /^(package\.json|package-lock\.json|tsconfig\.json|labs\/|kit\/|grader\/(?!.*mutants\.ts$))/;

/** The entry points and everything they import, transitively, plus the data files. */
function neededFiles(kitRoot: string): string[] {
  const needed = new Set<string>();
  const queue = [...ENTRY_POINTS];
  for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
    if (needed.has(path) || !existsSync(join(kitRoot, path))) continue;
    needed.add(path);
    queue.push(...importedKitFiles(path, readFileSync(join(kitRoot, path), 'utf8')));
  }
  for (const path of listKitFiles(kitRoot)) if (DATA.test(path)) needed.add(path);
  return [...needed].sort();
}

// Gradescope runs setup.sh once, as root, when it builds the image (Ubuntu).
export const SETUP_SH = `#!/usr/bin/env bash
# Builds the autograder image: Node.js ${AUTOGRADER_NODE} unless a Node.js 20 or later is there,
# bubblewrap for the students' programs, and the kit's locked dependencies.
set -euo pipefail
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  arch=$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
  curl -fsSL "https://nodejs.org/dist/v${AUTOGRADER_NODE}/node-v${AUTOGRADER_NODE}-linux-$arch.tar.xz" | tar -xJ -C /usr/local --strip-components=1
fi
apt-get install -y -qq --no-install-recommends bubblewrap >/dev/null || echo "no bubblewrap: students' programs will run unsandboxed"
cd /autograder/source
npm ci --no-audit --no-fund
`;

// Gradescope runs run_autograder for each submission, from /autograder.
export const RUN_AUTOGRADER = `#!/usr/bin/env bash
# Grades /autograder/submission and writes /autograder/results/results.json (grader/gradescope/run-autograder.ts).
set -uo pipefail
source_dir="\${AUTOGRADER_ROOT:-/autograder}/source"
cd "$source_dir" && exec node --import tsx grader/gradescope/run-autograder.ts
`;

export function autograderZip(kitRoot: string, config: AutograderConfig): Uint8Array {
  const files: Zippable = {};
  const executable = (text: string): Zippable[string] => [new TextEncoder().encode(text), { os: 3, attrs: 0o100755 << 16 }];
  files['setup.sh'] = executable(SETUP_SH);
  files['run_autograder'] = executable(RUN_AUTOGRADER);
  for (const path of neededFiles(kitRoot)) files[path] = readFileSync(join(kitRoot, path));
  files[AUTOGRADER_CONFIG] = new TextEncoder().encode(JSON.stringify(config, null, 2) + '\n');
  return zipSync(files, { level: 9 });
}
