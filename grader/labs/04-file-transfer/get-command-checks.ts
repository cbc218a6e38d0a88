// Lab 04's check of how /get reads its names (PROTOCOL §9.4): commas separate them, spaces around a
// name do not count, a name given twice is fetched once, and a list of no names or of more than
// MAX_WHOHAS_NAMES is refused with BAD_COMMAND before anything is asked of the tracker.
import { MAX_WHOHAS_NAMES } from '#kit/protocol/limits.ts';
import type { CheckDefinition } from '../../engine/types.ts';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { startFilePeer } from './file-harness.ts';
import { drawMark } from './hostile-names.ts';

export const getCommandChecks: CheckDefinition[] = [
  {
    id: 'get.names',
    step: 5,
    title: `/get reads names between commas (spaces around them ignored, a repeat fetched once); none or more than ${MAX_WHOHAS_NAMES} is BAD_COMMAND`,
    hint: `split the text after /get at commas, trim each name, drop empty ones and repeats; with no name left or more than ${MAX_WHOHAS_NAMES}, print error BAD_COMMAND and ask the tracker nothing`,
    async run(ctx) {
      const run = await startFilePeer(ctx);
      const mark = drawMark(ctx.random);
      const why = 'PROTOCOL §9.4 /get: names separated by commas, spaces around a name ignored, a name given twice fetched once, 1 to 32 names, else BAD_COMMAND';
      const tooMany = Array.from({ length: MAX_WHOHAS_NAMES + ctx.random.int(1, 8) }, (_, i) => `f${i}-${mark}.txt`);
      const refused = [ctx.random.pick(['/get', '/get ', '/get ,', '/get , ,  ,']), `/get ${tooMany.join(ctx.random.pick([',', ', ', ' ,  ']))}`];
      for (const line of refused) run.peer.type(line);
      for (let i = 0; i < refused.length; i += 1) await run.peer.expectEvent('error', { code: 'BAD_COMMAND' }, { why });
      // A list with spaces of every kind around the names (but not inside), and a repeat.
      const names = Array.from({ length: ctx.random.int(2, 4) }, (_, i) => `${ctx.random.pick(['notes', 'my file', 'résumé'])} ${i}-${mark}.txt`);
      const typed = [...names, names[0]!].map((name) => `${ctx.random.pick(['', ' ', '  '])}${name}${ctx.random.pick(['', ' ', '   '])}`).join(',');
      run.peer.type(`/get ${typed}`);
      const whohas = await run.tracker.expect('whohas', { names }, { why: `${why}: the first request after the refused ones is this whohas, with the names trimmed and the repeat left out`, skip: NOISE });
      reply(run.tracker, whohas, { type: 'holders', files: names.map((name) => ({ name, error: 'NO_SUCH_FILE' })) });
      for (const name of names) await run.peer.expectEvent('error', { code: 'NO_SUCH_FILE', name }, { why: 'each name gets its own answer' });
    },
  },
];
