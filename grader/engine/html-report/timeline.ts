// Everything that happened in one check, in time order, as the diagram draws it: the numbered steps
// and, for a failed check, every line the protocol monitor saw cross a connection. A recorded line is
// drawn from the monitor's record (it holds lines no step mentions, and the breach); the steps that
// wrote or read it go into that record's full text. The failure itself comes last, in red.
import type { RelayedDatagram, RelayedTraffic } from '../relayed-datagrams.ts';
import type { CheckResult, StepRecord, WireRecord } from '../types.ts';
import { Cast, type Lifeline, type Route } from './lifelines.ts';
import { clip, exactLine, lineSummary, visible, wrap } from './message-text.ts';
import { LineSteps } from './line-steps.ts';
import { knownLabels, readStep, type StepAct } from './step-acts.ts';

export type EntryShape = 'message' | 'connect' | 'note' | 'divider';

export interface Entry {
  atMs: number;
  shape: EntryShape;
  /** A message's way; a note's lifelines are in `on`. */
  route?: Route;
  on?: string[];
  /** What the diagram shows: one line for a message, a few for a note. */
  text: string[];
  /** Everything about the entry: the exact bytes, the step's text and its details. */
  full: string;
  /** Why it is drawn in red: the protocol rule broken, or the check's failure. */
  alert?: string;
  /** A UDP datagram's type (META, DATA, ACK, FIN, FIN_ACK, or other). */
  datagram?: string;
}

export interface Timeline {
  lifelines: Lifeline[];
  entries: Entry[];
  /** What the UDP relays between two programs did (their datagrams are among the entries, windowed). */
  relayed?: RelayedTraffic[];
  /** The entry drawn as the failure (or the breach), when the check failed. */
  failureAt?: number;
}

export function timelineOf(check: CheckResult): Timeline {
  const wire = check.wire ?? [];
  const labels = knownLabels(check.steps, wire.map((record) => record.connection));
  const cast = new Cast(check.steps, labels);
  // Steps that wrote or read a recorded line are folded into its record.
  const lineSteps = new LineSteps(check.steps, wire, labels);

  const entries: Entry[] = [];
  let w = 0;
  // A line recorded in the same millisecond as a step came after it: the step (a connect, a typed
  // line) caused it. The steps that read a line, which come after it, are folded into it.
  const takeWire = (before: number) => {
    for (; w < wire.length && wire[w]!.atMs < before; w += 1) {
      const steps = { wrote: lineSteps.writer.get(w), read: lineSteps.reader.get(w), breach: lineSteps.breach.get(w) };
      entries.push(wireEntry(wire[w]!, cast, steps));
    }
  };
  for (const step of check.steps) {
    takeWire(step.atMs);
    if (!lineSteps.folded.has(step)) entries.push(...stepEntries(step, readStep(step.text, labels), cast));
  }
  takeWire(Infinity);
  const all = inTimeOrder(entries, (check.relayed ?? []).flatMap((traffic) => relayedEntries(traffic, cast)));

  const failure = failureEntry(check, cast);
  if (failure) all.push(failure);
  const failureAt = failure ? all.findIndex((entry) => entry.alert !== undefined) : undefined;
  return {
    lifelines: cast.lifelines(),
    entries: all,
    ...(check.relayed?.length ? { relayed: check.relayed } : {}),
    ...(failureAt !== undefined && failureAt >= 0 ? { failureAt } : {}),
  };
}

/** Two lists each in time order, merged; on a tie the first list's entry comes first. */
function inTimeOrder(first: Entry[], second: Entry[]): Entry[] {
  if (second.length === 0) return first;
  const merged: Entry[] = [];
  let j = 0;
  for (const entry of first) {
    for (; j < second.length && second[j]!.atMs < entry.atMs; j += 1) merged.push(second[j]!);
    merged.push(entry);
  }
  return [...merged, ...second.slice(j)];
}

/** The datagrams a relay kept, as arrows through it; a divider where the ones not kept were. */
function relayedEntries(traffic: RelayedTraffic, cast: Cast): Entry[] {
  const entries: Entry[] = [];
  const arrow = (datagram: RelayedDatagram): Entry | undefined => {
    const passedOn = !datagram.fates.includes('dropped') && !datagram.fates.includes('cut off');
    const route = cast.routeThroughRelay(traffic.relayPort, datagram.way, passedOn);
    if (!route) return undefined;
    const fates = datagram.fates.length > 0 ? ` · ${datagram.fates.join(', ')}` : '';
    const full = `${cast.label(route.from)} → ${cast.label(passedOn ? route.to : route.from)} through the grader's UDP relay, at ${datagram.atMs} ms: ${datagram.what}\nthe relay ${datagram.fates.length > 0 ? datagram.fates.join(', ') : 'passed it on'}${passedOn ? '' : ' (it never arrived)'}`;
    return { atMs: datagram.atMs, shape: 'message', route, text: [clip(`${datagram.what}${fates}`)], full };
  };
  for (const datagram of traffic.first) {
    const entry = arrow(datagram);
    if (entry) entries.push(entry);
  }
  const skipped = traffic.total - traffic.first.length - traffic.last.length;
  if (skipped > 0 && traffic.last[0]) {
    const text = `… ${skipped} datagrams through the relay not drawn one by one (counted below) …`;
    entries.push({ atMs: traffic.last[0].atMs, shape: 'divider', text: [text], full: text });
  }
  for (const datagram of traffic.last) {
    const entry = arrow(datagram);
    if (entry) entries.push(entry);
  }
  return entries;
}

function wireEntry(record: WireRecord, cast: Cast, steps: Record<'wrote' | 'read' | 'breach', StepRecord | undefined>): Entry {
  const route = cast.routeFrom(record.connection);
  const fromGrader = record.from === 'grader';
  const way = fromGrader ? route : reverse(route);
  const full = [
    `${cast.label(way.from)} → ${cast.label(way.to)} (connection: ${record.connection})`,
    exactLine(record.text),
    ...(steps.wrote ? [`sent at step ${stepText(steps.wrote)}`] : []),
    ...(steps.read ? [`read at step ${stepText(steps.read)}`] : []),
    ...(steps.breach ? [`step ${stepText(steps.breach)}`] : []),
    ...(record.breach ? [`✗ breach of the protocol: ${record.breach}`] : []),
  ].join('\n');
  const summary = lineSummary(record.text);
  return {
    atMs: record.atMs,
    shape: 'message',
    route: way,
    text: [record.breach ? clip(`✗ ${record.breach}: ${summary}`) : summary],
    full,
    ...(record.breach ? { alert: record.breach } : {}),
  };
}

function stepEntries(step: StepRecord, act: StepAct, cast: Cast): Entry[] {
  const full = stepText(step);
  const at = step.atMs;
  const note = (on: Lifeline, text: string, alert?: string): Entry => ({ atMs: at, shape: 'note', on: [on.id], text: wrap(text), full, ...(alert ? { alert } : {}) });
  const message = (route: Route, text: string, shape: EntryShape = 'message', extra: Partial<Entry> = {}): Entry => ({ atMs: at, shape, route, text: [clip(text)], full, ...extra });
  switch (act.act) {
    case 'started':
      return [note(cast.program(act.program), `started ${commandOf(step.text)}`)];
    case 'program':
      return [note(cast.program(act.program), act.what)];
    case 'input':
      return [message({ from: cast.terminal().id, to: cast.program(act.program).id }, act.what)];
    case 'connected':
      return [message(cast.routeFrom(act.party), 'connects (TCP)', 'connect')];
    case 'accepted':
      return [message(reverse(cast.routeFrom(act.party)), 'connects (TCP)', 'connect')];
    case 'sent': {
      const route = cast.routeFrom(act.party, act.port);
      return [message(route, act.what, 'message', datagramOf(act.what, act.port !== undefined))];
    }
    case 'received': {
      const udp = cast.isUdp(act.party);
      const route = udp ? cast.routeToUdp(act.party) : reverse(cast.routeFrom(act.party));
      return [message(route, act.what, 'message', datagramOf(act.what, udp))];
    }
    case 'closed': {
      const route = cast.routeFrom(act.party);
      return [message(act.byParty ? route : reverse(route), act.what)];
    }
    case 'proxy': {
      const proxy = cast.proxyAt(act.port);
      return [proxy ? note(proxy, act.description) : { atMs: at, shape: 'divider', text: wrap(step.text, 2), full }];
    }
    case 'breach':
      return [note(cast.connectionEnd(act.connection), step.text, 'protocol')];
    case 'waited':
      return [{ atMs: at, shape: 'divider', text: wrap(act.what, 2), full }];
    case 'listening':
      // Who will accept on a TCP port is not known yet; a UDP socket is its party.
      return [act.udp ? note(cast.party(act.party), step.text) : { atMs: at, shape: 'divider', text: wrap(step.text, 2), full }];
    case 'note':
      // A note with details (the relay's totals) is drawn with them, on the proxy it is about if any.
      if (step.detail.length > 0) {
        const word = /\b(relay|proxy)\b/.exec(step.text)?.[1];
        const proxy = word && cast.lifelines().find((l) => l.kind === 'proxy' && l.label.includes(word));
        if (proxy) return [{ ...note(proxy, ''), text: wrap([step.text, ...step.detail].join('\n'), 7) }];
      }
      return [{ atMs: at, shape: 'divider', text: wrap(step.text, 2), full }];
  }
}

/** The check's failure, on the lifeline its expectation names: the last entry, in red. */
function failureEntry(check: CheckResult, cast: Cast): Entry | undefined {
  const failure = check.failure;
  if (!failure) return undefined;
  const at = Math.max(check.steps.at(-1)?.atMs ?? 0, check.wire?.at(-1)?.atMs ?? 0);
  const full = [`expected: ${failure.expected}`, `got: ${failure.got}`, `why: ${failure.why}`].join('\n');
  if (failure.kind === 'timeout') return { atMs: at, shape: 'divider', text: [clip(`✗ ${failure.got}`)], full, alert: 'timeout' };
  const named = cast.lifelines().find((l) => failure.expected.startsWith(`${l.label} `) || failure.expected.startsWith(`what ${l.label} `));
  const on = named ? [named.id] : cast.lifelines().map((l) => l.id);
  const text = [clip(`✗ expected ${failure.expected}`), ...wrap(`got ${failure.got.split('\n')[0] ?? ''}`, 2)];
  return { atMs: at, shape: 'note', on, text, full, alert: failure.kind ?? 'expectation' };
}

function datagramOf(what: string, udp: boolean): Partial<Entry> {
  return udp ? { datagram: /^(META|DATA|ACK|FIN_ACK|FIN)\b/.exec(what)?.[1] ?? 'other' } : {};
}

/** "started your peer: tsx labs/01-two-peers/peer.ts --listen 0 --json" → "peer.ts --listen 0 --json". */
function commandOf(started: string): string {
  const [, file = '', args = ''] = /: tsx (\S+)(.*)$/s.exec(started) ?? [];
  return `${file.split('/').at(-1) ?? file}${args}`;
}

function reverse(route: Route): Route {
  return { ...route, from: route.to, to: route.from };
}

function stepText(step: StepRecord): string {
  return [`${step.n}. ${visible(step.text)}`, ...step.detail.map((line) => `   ${visible(line)}`)].join('\n');
}
