// A peer's listening socket for other peers: the port it got, or an `error` event and exit code 1
// (LISTEN_FAILED when listening was refused).
import type net from 'node:net';
import type { Output } from '../cli/output.ts';
import type { PeerEvents } from '../protocol/events.ts';
import { exitAfterStartFailure } from '../programs/start-failure.ts';

export async function listenOrExit(server: net.Server, port: number, host: string, out: Output<Pick<PeerEvents, 'error'>>): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    exitAfterStartFailure(out, error, { listening: `on ${host}:${port}` });
  }
  return (server.address() as net.AddressInfo).port;
}
