// Lab 06 starter, step 9: a session connection through the relay, sealed. Send your key record, read
// theirs (the first record), derive the keys (you are `side`), and give DirectLink a plaintext stream
// (a Duplex with remoteAddress, remotePort and setNoDelay) whose writes go out as sealed records and
// whose reads are the opened ones. A record that does not open: call `tampered`, destroy everything.
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RelaySide } from './sealed-records.ts';

export interface SealedSession {
  side: RelaySide;
  session: string;
  /** The session's ticket: the salt of the keys, known to the two peers and the tracker only. */
  ticket: string;
}

/** Runs the key exchange; resolves with the plaintext stream, or undefined when it failed (`tampered` told why). */
export async function sealChannel(socket: Socket, sealed: SealedSession, tampered: (why: string) => void): Promise<Duplex | undefined> {
  void tampered;
  socket.destroy();
  throw new Error(`TODO (README step 9): seal the ${sealed.side}'s side of ${sealed.session}`);
}
