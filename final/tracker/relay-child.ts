// The final tracker runs Lab 06's relay beside it, as a program of its own (the relay carries bulk
// bytes; in the tracker's event loop it would hold up every heartbeat and room message). The two share
// a fresh random secret through a file only this user can read, removed when the tracker stops; the
// relay's events go to the dashboard. A relay that cannot start (a port taken, a lab step not written)
// is said, and the tracker runs without one: its peers then get NO_RELAY, as PROTOCOL §3.6 says.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostPort } from '#kit/cli/flags.ts';
import { startChild, type ChildEvent, type ChildProgram } from '../demo/child-program.ts';
import { announcedHost } from './relay-flags.ts';

const SECRET_BYTES = 32;

export interface RunningRelay {
  /** What the tracker's --relay and --relay-secret-file would have given. */
  relay: HostPort & { secret: Buffer };
  pid: number;
  stop(): Promise<void>;
}

/** Starts the relay on host:port (0: any free port); its events go to onEvent. Rejects when it cannot start. */
export async function startRelayChild(host: string, port: number, logPath: string, onEvent: (event: ChildEvent) => void): Promise<RunningRelay> {
  const folder = mkdtempSync(join(tmpdir(), 'sic-relay-'));
  const secret = randomBytes(SECRET_BYTES);
  const secretFile = join(folder, 'secret');
  writeFileSync(secretFile, secret, { mode: 0o600 });
  const forget = () => rmSync(folder, { recursive: true, force: true });
  let child: ChildProgram;
  try {
    child = await startChild('relay', 'final/relay/main.ts', ['--host', host, '--port', String(port), '--secret-file', secretFile], logPath, onEvent);
  } catch (error) {
    forget();
    throw error;
  }
  return {
    relay: { host: announcedHost(host), port: child.ready.port as number, secret },
    pid: child.pid,
    stop: async () => {
      await child.stop();
      forget();
    },
  };
}
