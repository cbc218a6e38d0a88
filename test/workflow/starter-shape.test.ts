// Every starter offers what its reference offers: the same files, exporting the same names, the same
// classes with the same public members, the same signatures. Later labs' references import earlier
// labs, and the grader runs the student's files, so what a later lab relies on must be something the
// student's starter asked for. Bodies and private members are the student's business, and so is a
// class the reference keeps to itself; but once a starter gives such a class, it must match.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/run-lab.ts';
import { compareShapes, declarationShape } from './declaration-shape.ts';
import { emitLabDeclarations, type LabDeclarations } from './lab-declarations.ts';
import { removeFolder } from './kit-copy.ts';

const REFERENCES = 'solutions';
const STARTERS = 'labs';

const labs = readdirSync(join(REPO_ROOT, REFERENCES), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const tsFiles = (tree: string, lab: string) => readdirSync(join(REPO_ROOT, tree, lab)).filter((name) => name.endsWith('.ts')).sort();

let declarations: LabDeclarations;
beforeAll(() => {
  declarations = emitLabDeclarations([REFERENCES, STARTERS]);
}, 60_000);
afterAll(() => removeFolder(declarations?.folder));

describe.each(labs)('the starter of %s', (lab) => {
  test.each(tsFiles(REFERENCES, lab))('%s has the shape of its reference', (file) => {
    const starter = declarations.read(STARTERS, lab, file);
    expect(starter, `${STARTERS}/${lab}/${file} is missing`).toBeDefined();
    const reference = declarations.read(REFERENCES, lab, file)!;
    const problems = compareShapes(
      declarationShape(reference.declarations, reference.localClasses),
      declarationShape(starter!.declarations, starter!.localClasses),
    );
    expect(problems.join('\n'), `${STARTERS}/${lab}/${file} differs from ${REFERENCES}/${lab}/${file}`).toBe('');
  });

  test('has no file its reference lacks', () => {
    expect(tsFiles(STARTERS, lab)).toEqual(tsFiles(REFERENCES, lab));
  });
});
