// What an answer carries of the message it answers (PROTOCOL §2.2, §2.4): a reply (welcome to hello,
// offer to get, accept or decline to offer, pong to ping, …) has the request's `id`; an error echoes
// the message's `id` when it had a valid one and its type as `re` when that is a string of 1–32 bytes.
// Built here once, so no sender can forget them: with them a client matches every answer to what it
// sent, even with several requests in flight.
import type { WireErrorCode } from './errors.ts';
import { isEchoableType, isRequestId, type AnyMessage, type ErrorMessage, type RequestId } from './messages.ts';

export interface ReplyEcho {
  re?: string;
  id?: RequestId;
}

type ErrorExtra = Pick<ErrorMessage, 'field' | 'retry_after_ms'>;

/** What an answer to `message` echoes; `message` is anything JSON.parse returned, valid or not. */
export function echoOf(message: unknown): ReplyEcho {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return {};
  const { type, id } = message as { type?: unknown; id?: unknown };
  return { ...(isEchoableType(type) ? { re: type } : {}), ...(isRequestId(id) ? { id } : {}) };
}

/** The same for a received line; nothing when it is not JSON. */
export function echoOfLine(line: string): ReplyEcho {
  try {
    return echoOf(JSON.parse(line));
  } catch {
    return {};
  }
}

/** An error in answer to `message` (valid or not), with its `re` and `id`. */
export function errorReply(message: unknown, code: WireErrorCode, text: string, extra: ErrorExtra = {}): ErrorMessage {
  return { type: 'error', code, message: text, ...echoOf(message), ...extra };
}

/** `reply` as the answer to `request`: with the request's `id`, when it had one. */
export function replyTo<R extends AnyMessage>(request: { id?: RequestId }, reply: R): R {
  return request.id === undefined ? reply : { ...reply, id: request.id };
}
