// Reads a check's numbered steps back into who did what. The engine writes each step in one of a few
// fixed forms (check-context.ts, student-program.ts, scripted-socket.ts, json-party.ts, udp-party.ts,
// and the Lab 04 UDP harness), each beginning or ending with a party's label; a step in none of them
// is a note of the check's own.
import type { StepRecord } from '../types.ts';

export type StepAct =
  | { act: 'started'; program: string }
  /** ready, printed, exited, ended: something the program did that is no message. */
  | { act: 'program'; program: string; what: string }
  /** typed, Ctrl+D, a signal: the terminal the grader plays. */
  | { act: 'input'; program: string; what: string }
  | { act: 'connected'; party: string; port: number }
  | { act: 'accepted'; party: string }
  | { act: 'listening'; party: string; port: number; udp: boolean }
  | { act: 'sent'; party: string; what: string; port?: number }
  | { act: 'received'; party: string; what: string }
  /** FIN, RST or a close, sent by the party (`byParty`) or by the other side. */
  | { act: 'closed'; party: string; what: string; byParty: boolean }
  | { act: 'proxy'; port: number; target: { port: number } | { label: string }; description: string; udp: boolean }
  | { act: 'breach'; connection: string }
  | { act: 'waited'; what: string }
  | { act: 'note' };

const PROGRAM_STARTED = /^started (.+?): tsx /;
const CONNECTED = /^(.+) connected to [^\s:]+:(\d+)$/;
const ACCEPTED = /^(.+) accepted a connection from \S+$/;
const TCP_LISTENS = /^(the grader) listens on [^\s:]+:(\d+)$/;
const UDP_LISTENS = /^(.+) listens on UDP [^\s:]+:(\d+)$/;
const TCP_PROXY = /^the grader put a proxy on [^\s:]+:(\d+) in front of [^\s:]+:(\d+): (.*)$/s;
const UDP_RELAY = /^the grader put a UDP relay on [^\s:]+:(\d+) in front of (.+?): (.*)$/s;
const BREACH = /^the protocol monitor saw a breach of docs\/PROTOCOL\.md .+ on (.+)$/;
const WAITED = /^waited (.*)$/s;
// The last address in the step: a META's payload may hold " to " too.
const UDP_SENT_TO = /^(.*) to [^\s:]+:(\d+)(?: \(.*\))?$/s;

/** Labels of the parties of a check, found before its steps are read one by one. */
export interface KnownLabels {
  programs: string[];
  parties: string[];
  /** Parties on a UDP socket: their "sent" steps end with the address sent to. */
  udp: Set<string>;
}

/** The labels every step names: programs from their start, grader parties from their sockets. */
export function knownLabels(steps: readonly StepRecord[], connections: Iterable<string>): KnownLabels {
  const programs = new Set<string>();
  const parties = new Set<string>(connections);
  const udp = new Set<string>();
  for (const { text } of steps) {
    const started = PROGRAM_STARTED.exec(text);
    if (started) programs.add(started[1]!);
    const party = CONNECTED.exec(text) ?? ACCEPTED.exec(text) ?? UDP_LISTENS.exec(text);
    if (party && !TCP_LISTENS.test(text)) parties.add(party[1]!);
    const datagrams = UDP_LISTENS.exec(text);
    if (datagrams) udp.add(datagrams[1]!);
  }
  // The longest label first: "the grader (as sender)" must win over "the grader".
  const longestFirst = (labels: Set<string>) => [...labels].sort((a, b) => b.length - a.length);
  return { programs: longestFirst(programs), parties: longestFirst(parties), udp };
}

export function readStep(text: string, labels: KnownLabels): StepAct {
  let match: RegExpExecArray | null;
  if ((match = PROGRAM_STARTED.exec(text))) return { act: 'started', program: match[1]! };
  if ((match = TCP_PROXY.exec(text))) return { act: 'proxy', port: Number(match[1]), target: { port: Number(match[2]) }, description: match[3]!, udp: false };
  if ((match = UDP_RELAY.exec(text))) return { act: 'proxy', port: Number(match[1]), target: { label: match[2]! }, description: match[3]!, udp: true };
  if ((match = BREACH.exec(text))) return { act: 'breach', connection: match[1]! };
  if ((match = WAITED.exec(text))) return { act: 'waited', what: text };
  if ((match = TCP_LISTENS.exec(text))) return { act: 'listening', party: match[1]!, port: Number(match[2]), udp: false };
  if ((match = UDP_LISTENS.exec(text))) return { act: 'listening', party: match[1]!, port: Number(match[2]), udp: true };
  return programAct(text, labels.programs) ?? partyAct(text, labels) ?? { act: 'note' };
}

function programAct(text: string, programs: readonly string[]): StepAct | undefined {
  for (const program of programs) {
    if (text.startsWith(`${program} `)) {
      const rest = text.slice(program.length + 1);
      if (/^(?:is ready|printed |exited with |ended with )/.test(rest)) return { act: 'program', program, what: rest };
    }
    if (text.startsWith('typed ') && text.endsWith(` into ${program}`)) return { act: 'input', program, what: text.slice('typed '.length, -` into ${program}`.length) };
    if (text === `closed the input of ${program} (Ctrl+D)`) return { act: 'input', program, what: 'Ctrl+D (end of input)' };
    if (text.startsWith('sent ') && text.endsWith(` to ${program}`)) return { act: 'input', program, what: text.slice('sent '.length, -` to ${program}`.length) };
  }
  return undefined;
}

function partyAct(text: string, { parties, udp }: KnownLabels): StepAct | undefined {
  let match: RegExpExecArray | null;
  if ((match = CONNECTED.exec(text))) return { act: 'connected', party: match[1]!, port: Number(match[2]) };
  if ((match = ACCEPTED.exec(text))) return { act: 'accepted', party: match[1]! };
  for (const party of parties) {
    if (text === `the other side closed the connection to ${party}`) return { act: 'closed', party, what: 'closed the connection', byParty: false };
    if (!text.startsWith(`${party} `)) continue;
    const rest = text.slice(party.length + 1);
    if (rest === 'half-closed its side (FIN)') return { act: 'closed', party, what: 'FIN', byParty: true };
    if (rest === 'reset the connection (RST)') return { act: 'closed', party, what: 'RST', byParty: true };
    if (rest === 'received FIN') return { act: 'closed', party, what: 'FIN', byParty: false };
    if (rest.startsWith('sent ')) {
      const to = udp.has(party) ? UDP_SENT_TO.exec(rest) : null;
      return to ? { act: 'sent', party, what: to[1]!.slice('sent '.length), port: Number(to[2]) } : { act: 'sent', party, what: rest.slice('sent '.length) };
    }
    if (rest.startsWith('received ')) return { act: 'received', party, what: rest.slice('received '.length) };
  }
  return undefined;
}
