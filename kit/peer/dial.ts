// Dialling another peer: a socket, or one sentence saying why not, within a bounded time.
import net from 'node:net';
import { CONNECT_TIMEOUT_MS } from '../protocol/limits.ts';

export function dial(host: string, port: number): Promise<net.Socket | string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    socket.once('connect', () => {
      socket.removeAllListeners('error').removeAllListeners('timeout').setTimeout(0);
      resolve(socket);
    });
    socket.once('error', (error) => resolve(error.message));
    socket.once('timeout', () => {
      socket.destroy();
      resolve('no answer in time');
    });
  });
}
