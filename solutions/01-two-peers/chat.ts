// One chat over one TCP connection: typed lines go out, received lines come in, at the same time,
// on Node's single thread (the event loop calls us whenever either side has something).
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Output } from '#kit/cli/output.ts';
import type { Lab01PeerEvents } from '#kit/protocol/events.ts';
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { LineDecoder, LineTooLongError } from './line-decoder.ts';

/** The line that says "I will send nothing more", followed by a half-close. */
export const EXIT_LINE = 'exit';

/**
 * Runs the chat until it is over and resolves with the program's exit code: 0 when both sides said
 * exit, 1 when the connection ended any other way. The socket must allow half-open connections.
 */
export function runChat(socket: Socket, input: Readable, out: Output<Lab01PeerEvents>): Promise<number> {
  return new Promise((resolve) => {
    const decoder = new LineDecoder();
    const typed = createInterface({ input, terminal: false });
    let weSaidExit = false;
    let peerSaidExit = false;
    let finished = false;
    // Chat lines are small and typed by people: send each at once instead of letting Nagle's
    // algorithm hold it back until the previous one is acknowledged.
    socket.setNoDelay(true);

    // #region finish
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      typed.close();
      socket.destroy();
      resolve(code);
    };
    // #endregion finish

    // #region say-exit
    const sayExit = () => {
      if (weSaidExit) return;
      weSaidExit = true;
      // end() sends the line and then FIN: we stop sending but keep receiving.
      socket.end(`${EXIT_LINE}\n`);
    };
    // #endregion say-exit

    // #region typed-lines
    typed.on('line', (line) => {
      if (weSaidExit) return out.note('(you already said exit: nothing more is sent)');
      if (line === EXIT_LINE) return sayExit();
      if (Buffer.byteLength(line) > MAX_LINE_BYTES) {
        return out.note(`(not sent: a message may be at most ${MAX_LINE_BYTES} bytes)`);
      }
      socket.write(`${line}\n`);
    });
    // End of input (Ctrl+D, or the input pipe closing) means the same as typing exit.
    typed.on('close', () => {
      if (!finished) sayExit();
    });
    // #endregion typed-lines

    // #region received-lines
    socket.on('data', (chunk: Buffer) => {
      let lines: string[];
      try {
        lines = decoder.push(chunk);
      } catch (error) {
        if (!(error instanceof LineTooLongError)) throw error;
        out.emit('error', { code: 'LINE_TOO_LONG', message: error.message }, `error: ${error.message}; closing`);
        return finish(1);
      }
      for (const line of lines) {
        if (peerSaidExit) continue; // nothing may follow exit; ignore a peer that breaks the rule
        if (line === EXIT_LINE) {
          peerSaidExit = true;
          out.emit('peer_exit', {}, '(your peer said exit: they will send nothing more)');
        } else {
          out.emit('message', { text: line }, `< ${line}`);
        }
      }
    });
    // #endregion received-lines

    // #region vanished
    // FIN from the peer. Without their exit line first, the peer went away rather than said goodbye.
    socket.on('end', () => {
      if (peerSaidExit) return;
      out.emit('peer_lost', { reason: 'the connection closed without exit' }, '(your peer vanished without saying exit)');
      finish(1);
    });

    socket.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ECONNRESET' ? 'the connection was reset' : error.message;
      out.emit('peer_lost', { reason }, `(connection lost: ${reason})`);
      finish(1);
    });
    // #endregion vanished

    // #region both-said-exit
    socket.on('close', () => {
      if (weSaidExit && peerSaidExit) {
        out.emit('closed', {}, '(both said exit: chat over)');
        finish(0);
      } else {
        finish(1);
      }
    });
    // #endregion both-said-exit
  });
}
