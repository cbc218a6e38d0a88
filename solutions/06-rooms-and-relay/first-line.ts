// The first line of a connection that turns into raw bytes after it (Lab 06): relay_join on the relay,
// relay_paired on the peer. Read up to the first "\n", stop reading, and hand back what came after it.
import type { Socket } from 'node:net';
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';

/**
 * Reads up to the first "\n" and stops reading (the socket is paused): `line` is undefined when
 * MAX_LINE_BYTES pass without one; `rest` holds what came after it in the same chunk.
 */
export function readFirstLine(socket: Socket, done: (line: string | undefined, rest: Buffer) => void): void {
  const pieces: Buffer[] = [];
  let length = 0;
  const onData = (chunk: Buffer) => {
    const newline = chunk.indexOf(0x0a);
    if (newline === -1 && length + chunk.length <= MAX_LINE_BYTES) {
      pieces.push(chunk);
      length += chunk.length;
      return;
    }
    socket.off('data', onData);
    socket.pause();
    if (newline === -1 || length + newline > MAX_LINE_BYTES) return done(undefined, Buffer.alloc(0));
    done(Buffer.concat([...pieces, chunk.subarray(0, newline)]).toString('utf8'), chunk.subarray(newline + 1));
  };
  socket.on('data', onData);
}
