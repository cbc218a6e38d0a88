// A failed check whose every field that a program can fill holds markup and script: the events it
// printed, the lines it sent (one of them the breach), what the failure got, and its stderr in the
// state. The steps are written in the engine's own forms, so the report reads them as it reads a
// real run and draws each of them.
import type { LabResult } from '../../grader/engine/types.ts';

const INNER = '<img src=x onerror=window.__xss=1><script>window.__xss=1</script>';
/** Quotes first, to break out of an attribute; then markup; then the end of a <title> and an <svg>. */
export const PAYLOAD = `"'>${INNER}</title></svg></pre>${INNER}<!--`;
/** Written with entities: it must stay "&lt;…" on the page, not turn into "<…". */
export const ENTITIES = '&lt;img src=x onerror=window.__xss=1&gt;';

export function hostileLab(): LabResult {
  const event = JSON.stringify({ event: 'message', text: PAYLOAD, also: ENTITIES });
  const line = JSON.stringify({ type: 'chat', text: PAYLOAD });
  return {
    id: '03',
    slug: '03-roster-and-direct',
    title: 'Roster and direct chat',
    status: 'graded',
    steps: { 4: 'Direct sessions' },
    hints: { 'peer.chat-both-ways': 'keep reading while you write' },
    durationMs: 900,
    checks: [
      {
        id: 'peer.chat-both-ways',
        step: 4,
        title: 'chat in both directions',
        passed: false,
        durationMs: 900,
        steps: [
          { n: 1, atMs: 3, text: 'started your peer: tsx labs/03-roster-and-direct/peer.ts --listen-port 0 --json', detail: [] },
          { n: 2, atMs: 700, text: 'your peer is ready', detail: ['event: {"event":"ready","host":"127.0.0.1","port":41000}'] },
          { n: 3, atMs: 702, text: 'bob connected to 127.0.0.1:41000', detail: [] },
          { n: 4, atMs: 705, text: `bob sent ${JSON.stringify(`${line}\n`)} (${line.length + 1} bytes)`, detail: [] },
          { n: 5, atMs: 710, text: `your peer printed ${event}`, detail: [PAYLOAD] },
          { n: 6, atMs: 711, text: `typed "${PAYLOAD}" into your peer`, detail: [] },
          { n: 7, atMs: 720, text: 'the protocol monitor saw a breach of docs/PROTOCOL.md §3 Message reference on bob', detail: [PAYLOAD] },
        ],
        wire: [
          { atMs: 705, connection: 'bob', from: 'grader', text: line },
          { atMs: 715, connection: 'bob', from: 'program', text: `${PAYLOAD}${ENTITIES}` },
          { atMs: 719, connection: 'bob', from: 'program', text: JSON.stringify({ type: `chat${PAYLOAD}`, text: ENTITIES }), breach: 'valid-message' },
        ],
        failure: {
          kind: 'protocol',
          rule: 'valid-message',
          expected: `what bob receives to follow docs/PROTOCOL.md §3: a valid message`,
          got: `${PAYLOAD}\n${ENTITIES}`,
          why: 'the other side cannot act on it',
          state: [`your peer: exited with code 1 (last stderr line: ${PAYLOAD})`],
        },
      },
    ],
  };
}
