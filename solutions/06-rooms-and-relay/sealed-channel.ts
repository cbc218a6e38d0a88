// A session connection through the relay, sealed (Lab 06 step 9): the key exchange on the raw socket,
// then a stream of plaintext for DirectLink whose every byte travels in a sealed record. A record that
// does not open (changed, replayed, dropped, reordered) ends the channel at once: `tampered` is called
// and both the stream and the socket are destroyed.
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { HANDSHAKE_TIMEOUT_MS, RELAY_RECORD_MAX_PLAINTEXT } from '#kit/protocol/limits.ts';
import { directionKeys, newKeyPair, open, record, RecordReader, seal, type RelaySide } from './sealed-records.ts';

export interface SealedSession {
  side: RelaySide;
  session: string;
  /** The session's ticket: the salt of the keys, known to the two peers and the tracker only. */
  ticket: string;
}

/** Runs the key exchange; resolves with the plaintext stream, or undefined when it failed (`tampered` told why). */
export async function sealChannel(socket: Socket, sealed: SealedSession, tampered: (why: string) => void): Promise<Duplex | undefined> {
  const { side, session, ticket } = sealed;
  const reader = new RecordReader();
  const { privateKey, publicRaw } = newKeyPair();
  socket.write(record(publicRaw));
  // The other side's public key is its first record; anything after it is already sealed.
  const early: Buffer[] = [];
  const theirKey = await new Promise<Buffer | undefined>((resolve) => {
    const timer = setTimeout(() => done(undefined), HANDSHAKE_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      const bodies = reader.push(chunk);
      if (bodies === 'too-long') return done(undefined);
      const [first, ...rest] = bodies;
      if (first) {
        early.push(...rest);
        done(first);
      }
    };
    const done = (key: Buffer | undefined) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', gone);
      socket.pause();
      resolve(key);
    };
    const gone = () => done(undefined);
    socket.on('data', onData);
    socket.once('close', gone);
    socket.resume();
  });
  if (theirKey?.length !== 32) {
    tampered('no X25519 public key came from the other side');
    socket.destroy();
    return undefined;
  }
  const keys = directionKeys(privateKey, theirKey, ticket, session);
  return new SealedStream(socket, side === 'caller' ? keys.fromCaller : keys.fromCallee, side === 'caller' ? keys.fromCallee : keys.fromCaller, reader, early, tampered);
}

/** Plaintext in and out; sealed records on the socket underneath. */
class SealedStream extends Duplex {
  private sent = 0n;
  private received = 0n;

  constructor(
    private readonly socket: Socket,
    private readonly sendKey: Buffer,
    private readonly receiveKey: Buffer,
    private readonly reader: RecordReader,
    early: Buffer[],
    private readonly tampered: (why: string) => void,
  ) {
    super({ allowHalfOpen: true });
    socket.on('data', (chunk: Buffer) => {
      const bodies = this.reader.push(chunk);
      if (bodies === 'too-long') return this.broken('a record longer than any sealed record may be');
      for (const body of bodies) this.openRecord(body);
    });
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    for (const body of early) this.openRecord(body);
  }

  // What DirectLink reads of a socket.
  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  private openRecord(body: Buffer): void {
    if (this.destroyed) return;
    const plaintext = open(this.receiveKey, this.received, body);
    if (!plaintext) return this.broken(`record ${this.received} does not open: it was changed, replayed, dropped or reordered on the way`);
    this.received += 1n;
    if (!this.push(plaintext)) this.socket.pause();
  }

  private broken(why: string): void {
    this.tampered(why);
    this.socket.destroy();
    this.destroy();
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let flushed = true;
    for (let at = 0; at < chunk.length; at += RELAY_RECORD_MAX_PLAINTEXT) {
      flushed = this.socket.write(seal(this.sendKey, this.sent, chunk.subarray(at, at + RELAY_RECORD_MAX_PLAINTEXT)));
      this.sent += 1n;
    }
    if (flushed) callback();
    else this.socket.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
