// The grader speaking the JSON-lines protocol of labs 02–05: it sends messages and checks that the
// next message is the one the protocol requires, field by field.
import { validateMessage, type Direction } from '#kit/protocol/messages.ts';
import { fail } from './check-failure.ts';
import type { ScriptedSocket } from './scripted-socket.ts';
import { showText } from './show-bytes.ts';
import { EVENT_TIMEOUT_MS } from './student-program.ts';

export type Message = Record<string, unknown> & { type?: unknown };

export interface ExpectOptions {
  timeoutMs?: number;
  why?: string;
  /** Message types that may come first and are skipped (pushes such as presence). */
  skip?: string[];
}

export class JsonParty {
  /** Every message received, in order, for failure reports. */
  readonly received: Message[] = [];

  /** With a direction, every received message must be valid protocol in that direction. */
  constructor(
    readonly socket: ScriptedSocket,
    private readonly direction?: Direction,
  ) {}

  get label(): string {
    return this.socket.label;
  }

  send(message: Message, note = ''): void {
    this.socket.send(`${JSON.stringify(message)}\n`, note);
  }

  /** Expects the next message (after any skipped pushes) to have this type and these fields. */
  async expect(type: string, fields: Message = {}, { timeoutMs = EVENT_TIMEOUT_MS, why = '', skip = [] }: ExpectOptions = {}): Promise<Message> {
    const shape = JSON.stringify({ type, ...fields });
    for (;;) {
      const message = await this.nextMessage(`the message ${shape}`, timeoutMs, why);
      const wrong = message.type !== type || Object.entries(fields).some(([key, value]) => JSON.stringify(message[key]) !== JSON.stringify(value));
      // A push of a skippable type that is not the one awaited may come first: pass over it.
      if (wrong && skip.includes(String(message.type))) continue;
      if (wrong) fail({ expected: `${this.label} to receive ${shape}`, got: JSON.stringify(message), why });
      this.socket.record(`${this.label} received ${JSON.stringify(message)}`);
      return message;
    }
  }

  /** Expects the next message (after skipped pushes) to be of one of these types; returns it. */
  async expectOneOf(types: string[], fields: Message = {}, { timeoutMs = EVENT_TIMEOUT_MS, why = '', skip = [] }: ExpectOptions = {}): Promise<Message> {
    const shape = `${types.join(' or ')} with ${JSON.stringify(fields)}`;
    for (;;) {
      const message = await this.nextMessage(shape, timeoutMs, why);
      const wrong = !types.includes(String(message.type)) || Object.entries(fields).some(([key, value]) => JSON.stringify(message[key]) !== JSON.stringify(value));
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
    this.received.push(value as Message);
    if (this.direction) {
      const valid = validateMessage(value, this.direction);
      if (!valid.ok) {
        fail({ expected: `${this.label} to receive ${expected}`, got: `${showText(line)}, which breaks the protocol: ${valid.message}`, why: 'docs/PROTOCOL.md, "Message reference", defines every field; other programs rely on it' });
      }
    }
    return value as Message;
  }
}
