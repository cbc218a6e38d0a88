// Lab 06 starter, step 6: the first line of a connection that turns into raw bytes after it:
// relay_join on the relay, relay_paired on the peer (step 8).
import type { Socket } from 'node:net';

/**
 * Reads up to the first "\n" and stops reading (socket.pause()): calls `done` with the line (undefined
 * when MAX_LINE_BYTES pass without one) and `rest`, the bytes that came after it in the same chunk.
 */
export function readFirstLine(socket: Socket, done: (line: string | undefined, rest: Buffer) => void): void {
  void done;
  socket.destroy(new Error('TODO (README step 6): read the first line'));
}
