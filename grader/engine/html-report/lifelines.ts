// Who takes part in a check, and which way each message goes. The student's programs, the grader's
// parties (its sockets, by label), the proxies and relays between them, and the terminal the grader
// types into are the lifelines. A party's connection leads to the program (or proxy) on the port it
// dialled; a proxy leads to what it stands in front of; where the steps do not say, the program
// started last is the other end.
import type { StepRecord } from '../types.ts';
import { readStep, type KnownLabels, type StepAct } from './step-acts.ts';

export type LifelineKind = 'program' | 'grader' | 'proxy' | 'terminal';

export interface Lifeline {
  id: string;
  label: string;
  kind: LifelineKind;
}

/** A hop from one lifeline to another, through a proxy when `via` is set. */
export interface Route {
  from: string;
  to: string;
  via?: string;
}

interface Proxy {
  lifeline: Lifeline;
  port: number;
  target: { port: number } | { label: string };
}

export class Cast {
  private readonly byLabel = new Map<string, Lifeline>();
  private readonly programPorts = new Map<number, Lifeline>();
  private readonly proxies: Proxy[] = [];
  /** The party → what it dialled or accepted from, once known. */
  private readonly peers = new Map<string, Lifeline>();
  private readonly order: Lifeline[] = [];
  private lastProgram: Lifeline | undefined;

  /** Reads the steps once, in order: who starts, who listens where, who dials whom. */
  constructor(steps: readonly StepRecord[], private readonly labels: KnownLabels) {
    for (const step of steps) this.learn(readStep(step.text, labels), step);
  }

  /** The lifelines left to right: clients, then proxies, then what the proxies stand in front of. */
  lifelines(): Lifeline[] {
    const behind = new Set(this.proxies.map((proxy) => this.targetOf(proxy)?.id));
    const front = this.order.filter((l) => l.kind !== 'proxy' && l.kind !== 'terminal' && !behind.has(l.id));
    const back = this.order.filter((l) => l.kind !== 'proxy' && l.kind !== 'terminal' && behind.has(l.id));
    const proxies = this.proxies.map((proxy) => proxy.lifeline);
    const terminal = this.order.find((l) => l.kind === 'terminal');
    const typedInto = this.order.filter((l) => l.kind === 'program').some((l) => behind.has(l.id));
    const middle = [...front, ...proxies, ...back];
    if (!terminal) return middle;
    // Next to the programs it types into.
    return typedInto ? [...middle, terminal] : [terminal, ...middle];
  }

  /** The caption of lifeline `id`. */
  label(id: string): string {
    return this.order.find((l) => l.id === id)?.label ?? id;
  }

  program(label: string): Lifeline {
    return this.byLabel.get(label) ?? this.add(label, 'program');
  }

  party(label: string): Lifeline {
    return this.byLabel.get(label) ?? this.add(label, 'grader');
  }

  terminal(): Lifeline {
    return this.byLabel.get(TERMINAL) ?? this.add(TERMINAL, 'terminal');
  }

  /** The way of what `party` sends on its connection, or to a UDP port (reversed for what it receives). */
  routeFrom(party: string, udpPort?: number): Route {
    const from = this.party(party);
    if (udpPort !== undefined && !this.atPort(udpPort)) {
      // An answer to an address the steps never named: the relay in front of the party passes it back.
      const relay = this.relayInFrontOf(party);
      return relay ? { from: from.id, via: relay.id, to: this.otherEnd().id } : { from: from.id, to: this.otherEnd().id };
    }
    const to = udpPort === undefined ? this.peerOf(from) : this.atPort(udpPort)!;
    const proxy = this.proxies.find((p) => p.lifeline === to);
    if (!proxy) return { from: from.id, to: to.id };
    return { from: from.id, via: proxy.lifeline.id, to: (this.targetOf(proxy) ?? this.otherEnd()).id };
  }

  /** The way of a datagram `party` received: through the relay in front of it, if there is one. */
  routeToUdp(party: string): Route {
    const to = this.party(party);
    const relay = this.relayInFrontOf(party);
    return relay ? { from: this.otherEnd().id, via: relay.id, to: to.id } : { from: this.otherEnd().id, to: to.id };
  }

  /**
   * The way of a datagram through the UDP relay on `port` between two programs: up is from the
   * program that sent to the relay (the one started last) to the one behind it. A datagram the relay
   * did not pass on ends at the relay.
   */
  routeThroughRelay(port: number, way: 'up' | 'down', passedOn: boolean): Route | undefined {
    const proxy = this.proxies.find((p) => p.port === port);
    const behind = proxy && this.targetOf(proxy);
    if (!proxy || !behind) return undefined;
    const client = this.lastProgram && this.lastProgram !== behind ? this.lastProgram : this.order.find((l) => l.kind === 'program' && l !== behind);
    if (!client) return undefined;
    const [from, to] = way === 'up' ? [client, behind] : [behind, client];
    return passedOn ? { from: from.id, via: proxy.lifeline.id, to: to.id } : { from: from.id, to: proxy.lifeline.id };
  }

  /** The lifeline a note about a connection belongs on. */
  connectionEnd(party: string): Lifeline {
    return this.byLabel.get(party) ?? this.otherEnd();
  }

  private learn(act: StepAct, step: StepRecord): void {
    switch (act.act) {
      case 'started': {
        this.lastProgram = this.program(act.program);
        return;
      }
      case 'program': {
        const ready = act.what === 'is ready' ? step.detail.map(readyPort).find((port) => port !== undefined) : undefined;
        if (ready !== undefined) this.programPorts.set(ready, this.program(act.program));
        return;
      }
      case 'input':
        this.terminal();
        return;
      case 'proxy': {
        const name = act.udp ? "the grader's UDP relay" : "the grader's proxy";
        const count = this.proxies.filter((p) => p.lifeline.label.startsWith(name)).length;
        const lifeline = this.add(count === 0 ? name : `${name} ${count + 1}`, 'proxy');
        this.proxies.push({ lifeline, port: act.port, target: act.target });
        return;
      }
      case 'connected': {
        const party = this.party(act.party);
        this.peers.set(party.id, this.atPort(act.port) ?? this.otherEnd());
        return;
      }
      case 'accepted': {
        this.peers.set(this.party(act.party).id, this.otherEnd());
        return;
      }
      case 'listening':
        if (act.udp) this.party(act.party);
        return;
      default:
        if ('party' in act && this.labels.parties.includes(act.party)) this.party(act.party);
    }
  }

  /** The proxy (or relay) listening on `port`. */
  proxyAt(port: number): Lifeline | undefined {
    return this.proxies.find((p) => p.port === port)?.lifeline;
  }

  isUdp(party: string): boolean {
    return this.labels.udp.has(party);
  }

  private peerOf(party: Lifeline): Lifeline {
    return this.peers.get(party.id) ?? this.otherEnd();
  }

  private atPort(port: number): Lifeline | undefined {
    return this.proxies.find((p) => p.port === port)?.lifeline ?? this.programPorts.get(port);
  }

  private targetOf(proxy: Proxy): Lifeline | undefined {
    if ('port' in proxy.target) return this.programPorts.get(proxy.target.port);
    const { label } = proxy.target;
    return this.byLabel.get(label) ?? this.order.find((l) => l.kind === 'grader' && namedBy(l.label, label));
  }

  private relayInFrontOf(party: string): Lifeline | undefined {
    return this.proxies.find((p) => 'label' in p.target && namedBy(party, p.target.label))?.lifeline;
  }

  /** Where the steps do not say: the program started last, or a stand-in when none was. */
  private otherEnd(): Lifeline {
    return this.lastProgram ?? this.order.find((l) => l.kind === 'program') ?? this.program('your program');
  }

  private add(label: string, kind: LifelineKind): Lifeline {
    const lifeline = { id: `l${this.order.length}`, label, kind };
    this.order.push(lifeline);
    this.byLabel.set(label, lifeline);
    return lifeline;
  }
}

const TERMINAL = 'terminal (the grader types)';

/** "the grader (as receiver)" is who a relay "in front of the grader" stands before. */
function namedBy(label: string, name: string): boolean {
  return label === name || label.startsWith(`${name} (`);
}

function readyPort(detail: string): number | undefined {
  const match = /^event: (\{.*\})$/.exec(detail);
  if (!match) return undefined;
  try {
    const port = (JSON.parse(match[1]!) as { port?: unknown }).port;
    return typeof port === 'number' ? port : undefined;
  } catch {
    return undefined;
  }
}
