// Presentation mode's slow transfers: the bytes a direct connection receives are handed to the peer at
// a rate people can watch, so a progress bar (and a failover) stays on screen long enough to be seen.
// Nothing in the labs changes: this sits where the socket hands its chunks to its listeners, and TCP's
// own flow control slows the sender once the queue here is full (the socket stops reading).
// The peer's own pause() and resume() keep their meaning; 'end' and 'close' wait behind the queued data.
import type { Socket } from 'node:net';

/** Bytes per second a presenting peer takes in on each direct connection. */
export const PRESENT_BYTES_PER_SECOND = 512 * 1024;
const TICK_MS = 50;
/** Queued bytes past which the socket stops reading (and the sender is held back by TCP). */
const QUEUE_HIGH = 256 * 1024;

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

export function paceReading(socket: Socket, bytesPerSecond = PRESENT_BYTES_PER_SECOND): void {
  const emit = socket.emit.bind(socket) as Emit;
  const realPause = socket.pause.bind(socket);
  const realResume = socket.resume.bind(socket);
  const queue: Array<Buffer | 'end' | 'close'> = [];
  let queued = 0;
  let appPaused = false;
  let held = false; // stopped reading by us, because the queue is full
  let timer: NodeJS.Timeout | undefined;

  const hold = (on: boolean) => {
    if (on === held) return;
    held = on;
    if (on) realPause();
    else if (!appPaused) realResume();
  };
  const pump = () => {
    let budget = Math.max(1, Math.floor((bytesPerSecond * TICK_MS) / 1000));
    while (queue.length > 0 && !appPaused) {
      const next = queue[0] as Buffer | 'end' | 'close';
      if (typeof next === 'string') {
        queue.shift();
        emit(next);
        continue;
      }
      if (budget <= 0) break;
      const piece = next.subarray(0, budget);
      if (piece.length === next.length) queue.shift();
      else queue[0] = next.subarray(piece.length);
      queued -= piece.length;
      budget -= piece.length;
      emit('data', piece);
    }
    if (queued < QUEUE_HIGH / 2) hold(false);
    timer = queue.length > 0 ? setTimeout(pump, TICK_MS) : undefined;
  };
  const start = () => {
    timer ??= setTimeout(pump, TICK_MS);
  };

  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'data') {
      const chunk = args[0] as Buffer | string;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      queue.push(bytes);
      queued += bytes.length;
      if (queued > QUEUE_HIGH) hold(true);
      start();
      return true;
    }
    if ((event === 'end' || event === 'close') && queue.length > 0) {
      queue.push(event);
      start();
      return true;
    }
    return emit(event, ...args);
  }) as typeof socket.emit;
  socket.pause = () => {
    appPaused = true;
    realPause();
    return socket;
  };
  socket.resume = () => {
    appPaused = false;
    if (!held) realResume();
    start();
    return socket;
  };
  // A socket its owner destroys before the other side finished wants nothing more: drop the bytes still
  // queued (never the close). Once the other side has ended, Node itself destroys the socket: the bytes
  // queued before that end are still handed over.
  const destroy = socket.destroy.bind(socket);
  socket.destroy = (error?: Error) => {
    if (!queue.includes('end')) {
      for (let at = queue.length - 1; at >= 0; at -= 1) if (typeof queue[at] !== 'string') queue.splice(at, 1);
      queued = 0;
    }
    return destroy(error);
  };
}
