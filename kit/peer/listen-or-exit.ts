// A peer's listening socket for other peers: the port it got, or LISTEN_FAILED and exit code 1.
import type net from 'node:net';
import type { Output } from '../cli/output.ts';

export async function listenOrExit(server: net.Server, port: number, host: string, out: Output): Promise<number> {
  const failure = await new Promise<string | undefined>((resolve) => {
    server.once('error', (error) => resolve(error.message));
    server.listen(port, host, () => resolve(undefined));
  });
  if (failure) {
    out.emit('error', { code: 'LISTEN_FAILED', message: `cannot listen on port ${port}: ${failure}` });
    process.exit(1);
  }
  return (server.address() as net.AddressInfo).port;
}
