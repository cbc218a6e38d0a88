// The grader speaking the JSON-lines protocol of labs 02–05: it sends messages and checks that the
// next message is the one the protocol requires, field by field.
import { validateMessage, type Direction } from '#kit/protocol/messages.ts';
import { fail, withHint } from './check-failure.ts';
import { opposite, REPLIES } from './monitor/conversation-rules.ts';
import { encodeVariant } from './monitor/json-variants.ts';
import { drawRequestId } from './monitor/request-ids.ts';
import type { ScriptedSocket } from './scripted-socket.ts';
import { sameData } from './same-data.ts';
import { showText } from './show-bytes.ts';
import { EVENT_TIMEOUT_MS } from './student-program.ts';

export type Message = Record<string, unknown> & { type?: unknown };

export interface ExpectOptions {
  timeoutMs?: number;
  why?: string;
  /** What to look at when this expectation fails, if it is not the check's own hint. */
  hint?: string;
  /** Message types that may come first and are skipped (pushes such as presence). */
  skip?: string[];
}

export interface PartyOptions {
  /**
   * Requests the check sends without an `id` get one drawn from the whole id space (§2.2), messages
   * now and then carry a field no version of the protocol defines (§1: a receiver MUST ignore it),
   * and now and then a `ping` follows a request at once, so that echoing ids, ignoring unknown fields
   * and answering in order are judged in every check. Off only where the check counts every message
   * it sends or compares bytes.
   */
  probe?: boolean;
}

/** The probes every party makes (grader/requirements.ts names them as what grades a rule). */
export const PARTY_PROBES = {
  'request-ids': 'requests carry ids drawn from the whole space of §2.2',
  'ping-after-request': 'a ping right after a request: its pong must follow the reply and echo its id',
  'unknown-fields': 'messages carry fields no version defines, which the receiver must ignore (§1)',
  'other-encodings': 'messages in other valid JSON encodings of the same value (§1)',
  'stray-error': 'an error sent to the tracker, which must go unanswered (§3.1)',
} as const;
export type PartyProbe = keyof typeof PARTY_PROBES;

/** After a request, how often a probing `ping` follows it before its reply arrived. */
const PING_PROBE_CHANCE = 0.3;
/** How often a message carries a field the receiver does not know. */
const UNKNOWN_FIELD_CHANCE = 0.25;
/** How often a message is written in another valid JSON encoding (spaces, escapes, key order). */
const OTHER_ENCODING_CHANCE = 0.3;
/** Longer lines keep their compact form: escapes could push them over the line limit. */
const OTHER_ENCODING_MAX_BYTES = 8_192;
/** On a tracker connection, how often a request is preceded by an error, which must go unanswered. */
const STRAY_ERROR_CHANCE = 0.1;
/** Requests after which a probing ping is safe: the connection stays open and in the same state. */
const PROBED_AFTER: readonly string[] = ['register', 'login', 'list', 'lookup', 'session_started', 'sessions', 'close_session', 'share', 'whohas', 'history', 'chat'];

export class JsonParty {
  /** Every message received, in order, for failure reports (the answers to probes left out). */
  readonly received: Message[] = [];
  /** Ids of the probing pings whose pongs have not arrived yet, with how many: drawn ids repeat. */
  private readonly probes = new Map<string, number>();
  private readonly probe: boolean;

  /** With a direction, every received message must be valid protocol in that direction. */
  constructor(
    readonly socket: ScriptedSocket,
    private readonly direction?: Direction,
    { probe = true }: PartyOptions = {},
  ) {
    if (direction) socket.monitorAs(direction);
    this.probe = probe && direction !== undefined && socket.protocol !== undefined;
  }

  get label(): string {
    return this.socket.label;
  }

  send(message: Message, note = ''): void {
    const sent = this.withUnknownField(this.withId(message));
    const probed = this.probe && PROBED_AFTER.includes(String(message.type));
    if (probed && this.direction === 'tracker-to-peer' && this.random.chance(STRAY_ERROR_CHANCE)) {
      // §3.1: a program never answers an error with an error.
      this.socket.send(`${JSON.stringify({ type: 'error', code: 'INTERNAL', message: 'a probe: errors are never answered' })}\n`, '(a probe: it must go unanswered)');
    }
    this.socket.send(`${this.encode(sent)}\n`, note);
    if (this.probe && PROBED_AFTER.includes(String(message.type)) && this.random.chance(PING_PROBE_CHANCE)) {
      const id = drawRequestId(this.random);
      const key = JSON.stringify(id);
      this.probes.set(key, (this.probes.get(key) ?? 0) + 1);
      this.socket.send(`${JSON.stringify({ type: 'ping', id })}\n`, '(a probe: the answer must keep request order and echo the id)');
    }
  }

  private get random() {
    return this.socket.protocol!.random;
  }

  private encode(message: Message): string {
    const compact = JSON.stringify(message);
    if (!this.probe || Buffer.byteLength(compact) > OTHER_ENCODING_MAX_BYTES || !this.random.chance(OTHER_ENCODING_CHANCE)) return compact;
    return encodeVariant(message, this.random);
  }

  /** Now and then a field from a newer version of the protocol, which the receiver must ignore. */
  private withUnknownField(message: Message): Message {
    if (!this.probe || !this.random.chance(UNKNOWN_FIELD_CHANCE)) return message;
    const key = this.random.pick(['x_trace', 'x_client_version', 'x_note']);
    const value = this.random.pick<unknown>(['', 'from a newer peer 🙂', 0, 2 ** 40, true, [1, 'two'], { nested: { deep: [null] } }, null]);
    return { ...message, [key]: value };
  }

  /** A request without an id gets one, from the whole space the protocol allows. */
  private withId(message: Message): Message {
    if (!this.probe || Object.hasOwn(message, 'id') || typeof message.type !== 'string') return message;
    const requests = REPLIES[opposite(this.direction!)];
    return Object.hasOwn(requests, message.type) ? { ...message, id: drawRequestId(this.random) } : message;
  }

  /** Expects the next message (after any skipped pushes) to have this type and these fields. */
  expect(type: string, fields: Message = {}, options: ExpectOptions = {}): Promise<Message> {
    return options.hint === undefined ? this.expectMessage(type, fields, options) : withHint(options.hint, () => this.expectMessage(type, fields, options));
  }

  private async expectMessage(type: string, fields: Message, { timeoutMs = EVENT_TIMEOUT_MS, why = '', skip = [] }: ExpectOptions): Promise<Message> {
    const shape = JSON.stringify({ type, ...fields });
    for (;;) {
      const message = await this.nextMessage(`the message ${shape}`, timeoutMs, why);
      const wrong = message.type !== type || Object.entries(fields).some(([key, value]) => !sameData(message[key], value));
      // A push of a skippable type that is not the one awaited may come first: pass over it.
      if (wrong && skip.includes(String(message.type))) continue;
      if (wrong) fail({ expected: `${this.label} to receive ${shape}`, got: JSON.stringify(message), why });
      this.socket.record(`${this.label} received ${JSON.stringify(message)}`);
      return message;
    }
  }

  /** Expects the next message (after skipped pushes) to be of one of these types; returns it. */
  expectOneOf(types: string[], fields: Message = {}, options: ExpectOptions = {}): Promise<Message> {
    return options.hint === undefined ? this.expectAny(types, fields, options) : withHint(options.hint, () => this.expectAny(types, fields, options));
  }

  private async expectAny(types: string[], fields: Message, { timeoutMs = EVENT_TIMEOUT_MS, why = '', skip = [] }: ExpectOptions): Promise<Message> {
    const shape = `${types.join(' or ')} with ${JSON.stringify(fields)}`;
    for (;;) {
      const message = await this.nextMessage(shape, timeoutMs, why);
      const wrong = !types.includes(String(message.type)) || Object.entries(fields).some(([key, value]) => !sameData(message[key], value));
      if (wrong && skip.includes(String(message.type))) continue;
      if (wrong) fail({ expected: `${this.label} to receive ${shape}`, got: JSON.stringify(message), why });
      this.socket.record(`${this.label} received ${JSON.stringify(message)}`);
      return message;
    }
  }

  /** Expects an error reply with this code. */
  expectError(code: string, fields: Message = {}, options: ExpectOptions = {}): Promise<Message> {
    return this.expect('error', { code, ...fields }, options);
  }

  /** Sends a request and expects its reply. */
  async request(message: Message, replyType: string, fields: Message = {}, options: ExpectOptions = {}): Promise<Message> {
    this.send(message);
    return this.expect(replyType, fields, options);
  }

  private async nextMessage(expected: string, timeoutMs: number, why: string): Promise<Message> {
    for (;;) {
      const message = await this.nextLineMessage(expected, timeoutMs, why);
      const probe = message.type === 'pong' ? JSON.stringify(message.id) : undefined;
      if (probe === undefined || !this.takeProbe(probe)) return message;
      this.socket.record(`${this.label} received ${JSON.stringify(message)} (the answer to the probe)`);
    }
  }

  /** Counts one pong with this id as a probe's answer, if a probe with that id is still unanswered. */
  private takeProbe(id: string): boolean {
    const waiting = this.probes.get(id) ?? 0;
    if (waiting === 0) return false;
    if (waiting === 1) this.probes.delete(id);
    else this.probes.set(id, waiting - 1);
    return true;
  }

  private async nextLineMessage(expected: string, timeoutMs: number, why: string): Promise<Message> {
    const line = await this.socket.nextLine({ timeoutMs, expected, why });
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      fail({ expected: `${this.label} to receive ${expected}`, got: `a line that is not JSON: ${showText(line)}`, why: 'every line of this protocol is one JSON object (docs/PROTOCOL.md, "Framing")' });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail({ expected: `${this.label} to receive ${expected}`, got: `JSON that is not an object: ${showText(line)}`, why: 'every message is a JSON object with a "type"' });
    }
    const isProbeAnswer = (value as Message).type === 'pong' && this.probes.has(JSON.stringify((value as Message).id));
    if (!isProbeAnswer) this.received.push(value as Message);
    if (this.direction) {
      const valid = validateMessage(value, this.direction);
      if (!valid.ok) {
        fail({ expected: `${this.label} to receive ${expected}`, got: `${showText(line)}, which breaks the protocol: ${valid.message}`, why: 'docs/PROTOCOL.md, "Message reference", defines every field; other programs rely on it' });
      }
    }
    return value as Message;
  }
}
