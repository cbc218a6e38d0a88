// Every MUST and MUST NOT of docs/PROTOCOL.md, and what grades it: a check of a lab, a rule of the
// protocol monitor (judged on every connection of every check), or a probe every scripted party
// makes. test/grader/requirements.test.ts holds this table against the document: a requirement
// added to the document without a line here fails `npm test`, and so does a line that names a check
// or rule that does not exist. A requirement no program outside can observe says why instead.
import type { PartyProbe } from './engine/json-party.ts';
import type { MonitorRule } from './engine/monitor/rules.ts';

export type GradedBy = { lab: string; check: string } | { monitor: MonitorRule } | { probe: PartyProbe };

export interface Requirement {
  /** Words of the MUST sentence, enough to find it in docs/PROTOCOL.md. */
  quote: string;
  gradedBy: GradedBy[];
  /** Only when nothing can observe it from outside the program: why. */
  notObservable?: string;
}

export const PROTOCOL_REQUIREMENTS: Requirement[] = [
  {
    quote: 'A sender MUST send valid UTF-8',
    gradedBy: [{ monitor: 'valid-utf8' }],
  },
  {
    quote: 'a receiver MUST still accept any valid JSON encoding of the same value',
    gradedBy: [{ probe: 'other-encodings' }],
  },
  {
    quote: 'A receiver MUST ignore fields it does not know',
    gradedBy: [{ probe: 'unknown-fields' }],
  },
  {
    quote: 'A receiver MUST NOT use a received file name that could escape the folder',
    gradedBy: [{ lab: '04', check: 'names.hostile' }],
  },
  {
    quote: 'It MUST NOT buffer further',
    gradedBy: [
      { lab: '01', check: 'limits.long-line' },
      { lab: '02', check: 'robust.long-frame' },
    ],
  },
  {
    quote: 'A sender MUST NOT send a line longer than 65536 bytes',
    gradedBy: [{ monitor: 'line-too-long' }],
  },
  {
    quote: 'A tracker MUST therefore handle the messages of one connection one at a time',
    gradedBy: [{ monitor: 'replies-in-order' }, { probe: 'ping-after-request' }, { lab: '02', check: 'passwords.not-blocking' }],
  },
  {
    quote: 'A program MUST NOT answer an `error` with an `error`',
    gradedBy: [{ probe: 'stray-error' }, { monitor: 'one-answer-per-request' }],
  },
  {
    quote: 'The receiver of `ping` MUST answer `pong` with the same `id`',
    gradedBy: [{ monitor: 'id-echo' }, { probe: 'ping-after-request' }],
  },
];
