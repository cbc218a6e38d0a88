// Waiting for a writable (a socket, a file stream) to take more: after write() said false, 'drain'
// comes when its buffer has emptied, and 'close' when it never will, so a waiter is never left hanging.
import type { Writable } from 'node:stream';

/** Resolves at once if the buffer has room, else on 'drain' or 'close'. */
export function drained(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done);
      resolve();
    };
    stream.on('drain', done).on('close', done);
  });
}
