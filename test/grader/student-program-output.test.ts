// A program's events reach the grader whole, however the pipe cuts its output: a long event of
// multi-byte characters is read across many chunks, some of them cut inside a character.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TSX_IMPORT } from '../../grader/engine/run-lab.ts';
import { StepLog } from '../../grader/engine/step-log.ts';
import { StudentProgram } from '../../grader/engine/student-program.ts';
import { Watch } from '../../grader/engine/watch.ts';

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

describe('StudentProgram output', () => {
  it('decodes an event of multi-byte characters that the pipe delivers in pieces', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'program-output-'));
    folders.push(folder);
    // 3-byte and 4-byte characters, so that the pipe's 64 KiB chunks end inside one of them.
    const text = '€👋'.repeat(20_000);
    const file = join(folder, 'prints.mjs');
    await writeFile(file, `process.stdout.write(JSON.stringify({ event: 'message', text: ${JSON.stringify(text)} }) + '\\n');\n`);
    const program = new StudentProgram({ file, shownFile: 'prints.mjs', args: [], cwd: folder, tsxImport: TSX_IMPORT, label: 'the program', log: new StepLog(), watch: new Watch() });
    try {
      const event = await program.expectEvent('message');
      expect(event.text).toBe(text);
    } finally {
      await program.stop();
    }
  }, 30_000);
});
