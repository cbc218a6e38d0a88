// Lab 01 cut back to each README step (see grader/engine/step-trim.ts): what a student has written by
// then, so that every check of that step and the ones before passes without a later step's code.
import type { TextEdit } from '../../engine/mutant.ts';
import type { StepTrim } from '../../engine/step-trim.ts';

/** Step 3 as its README allows: each chunk turned straight into text, one message per chunk. */
const CHUNK_AS_MESSAGE: TextEdit = {
  file: 'chat.ts',
  find: `      let lines: string[];
      try {
        lines = decoder.push(chunk);`,
  replace: `      let lines: string[];
      try {
        lines = [chunk.toString('utf8').replace(/\\n$/, '')];`,
};

/** Before step 5: each chunk decoded on its own, so a character cut between two chunks is garbled. */
const DECODE_EACH_CHUNK: TextEdit = {
  file: 'line-decoder.ts',
  find: 'const line = Buffer.concat(this.pieces, this.pendingBytes).toString(\'utf8\');',
  replace: "const line = this.pieces.map((piece) => piece.toString('utf8')).join('');",
};

/** Before step 6: exit is a line like any other, both ways, and the end of input does nothing. */
const NO_EXIT: TextEdit[] = [
  { file: 'chat.ts', find: "      if (weSaidExit) return out.note('(you already said exit: nothing more is sent)');\n", replace: '' },
  { file: 'chat.ts', find: '      if (line === EXIT_LINE) return sayExit();\n', replace: '' },
  { file: 'chat.ts', find: '      if (!finished) sayExit();\n', replace: '' },
  { file: 'chat.ts', find: '        if (line === EXIT_LINE) {', replace: '        if (false) {' },
];

/** Before step 7: lines of any length, both ways. */
const NO_LIMITS: TextEdit[] = [
  { file: 'chat.ts', find: '      if (Buffer.byteLength(line) > MAX_LINE_BYTES) {', replace: '      if (false) {' },
  { file: 'chat.ts', find: '    const decoder = new LineDecoder();', replace: '    const decoder = new LineDecoder(Number.MAX_SAFE_INTEGER);' },
];

/** Before step 8: nothing listens for the peer vanishing (FIN without exit, a reset). */
const NO_VANISHING: TextEdit[] = [
  {
    file: 'chat.ts',
    find: `    socket.on('end', () => {
      if (peerSaidExit) return;
      out.emit('peer_lost', { reason: 'the connection closed without exit' }, '(your peer vanished without saying exit)');
      finish(1);
    });
`,
    replace: '',
  },
  {
    file: 'chat.ts',
    find: `      const reason = error.code === 'ECONNRESET' ? 'the connection was reset' : error.message;
      out.emit('peer_lost', { reason }, \`(connection lost: \${reason})\`);
      finish(1);`,
    replace: '      throw error;',
  },
];

export const twoPeersStepTrims: StepTrim[] = [
  { throughStep: 2, missing: 'the chat itself: chat.ts and line-decoder.ts as handed out', starterFiles: ['chat.ts', 'line-decoder.ts'] },
  { throughStep: 3, missing: 'framing, UTF-8 across chunks, exit, limits, vanishing peers', edits: [CHUNK_AS_MESSAGE, DECODE_EACH_CHUNK, ...NO_EXIT, ...NO_LIMITS, ...NO_VANISHING] },
  { throughStep: 4, missing: 'UTF-8 across chunks, exit, limits, vanishing peers', edits: [DECODE_EACH_CHUNK, ...NO_EXIT, ...NO_LIMITS, ...NO_VANISHING] },
  { throughStep: 5, missing: 'exit, limits, vanishing peers', edits: [...NO_EXIT, ...NO_LIMITS, ...NO_VANISHING] },
  { throughStep: 6, missing: 'limits, vanishing peers', edits: [...NO_LIMITS, ...NO_VANISHING] },
  { throughStep: 7, missing: 'vanishing peers', edits: NO_VANISHING },
];
