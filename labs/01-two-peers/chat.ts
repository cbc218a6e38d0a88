// Lab 01 starter: one chat over one TCP connection. Steps 3 to 8 of README.md happen here.
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { Output } from '#kit/cli/output.ts';
import type { Lab01PeerEvents } from '#kit/protocol/events.ts';
import { LineDecoder } from './line-decoder.ts';

/** The line that says "I will send nothing more", followed by a half-close. */
export const EXIT_LINE = 'exit';

/**
 * Runs the chat until it is over and resolves with the program's exit code: 0 when both sides said
 * exit, 1 when the connection ended any other way.
 */
export function runChat(socket: Socket, input: Readable, out: Output<Lab01PeerEvents>): Promise<number> {
  const decoder = new LineDecoder();
  return new Promise((resolve) => {
    // TODO (step 3): read the lines typed on `input` (node:readline helps) and send each one
    //   followed by "\n"; emit out.emit('message', { text }) for each line the peer sends.
    // TODO (step 4): never treat one 'data' chunk as one message: use decoder.push(chunk).
    // TODO (step 6): the line EXIT_LINE (or the end of input) sends "exit\n" and half-closes the
    //   socket; the peer's "exit" is a peer_exit event; when both said it: closed, resolve(0).
    // TODO (step 7): a line that is too long is an error event (LINE_TOO_LONG); close; resolve(1).
    // TODO (step 8): the peer vanishing (no exit before FIN, or 'error') is peer_lost; resolve(1).
    void socket;
    void input;
    void out;
    void decoder;
    void resolve;
  });
}
