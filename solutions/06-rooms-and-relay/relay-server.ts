// The relay (docs/PROTOCOL.md §3.6): each connection's first line is relay_join with a token; the
// caller and the callee of one session are paired, told relay_paired, and from then on the relay
// copies bytes between them, reading a side only as fast as the other takes them.
import net, { type Socket } from 'node:net';
import type { Output } from '#kit/cli/output.ts';
import type { RelayServerEvents } from '#kit/protocol/events.ts';
import type { WireErrorCode } from '#kit/protocol/errors.ts';
import { MAX_LINE_BYTES } from '#kit/protocol/limits.ts';
import { encode, parseLine } from '#kit/protocol/messages.ts';
import type { RelayOptions } from '#kit/programs/relay-command.ts';
import { readFirstLine } from './first-line.ts';
import { readRelayToken, type RelaySide } from './relay-token.ts';

type Refusal = Extract<WireErrorCode, 'BAD_TOKEN' | 'RELAY_FULL' | 'TIMEOUT' | 'BAD_MESSAGE' | 'BAD_JSON' | 'UNKNOWN_TYPE' | 'FRAME_TOO_LARGE'>;

interface RelayedSession {
  id: string;
  /** The connections that presented a token, each with the bytes that came after its relay_join. */
  sides: Partial<Record<RelaySide, { socket: Socket; early: Buffer }>>;
  paired: boolean;
  sent: Record<RelaySide, number>;
  closed: number;
  waiting?: NodeJS.Timeout;
}

const OTHER: Record<RelaySide, RelaySide> = { caller: 'callee', callee: 'caller' };
/** A refused connection is closed after this long even if its peer never closes its side. */
const REFUSED_LINGER_MS = 2_000;

export async function startRelay(options: RelayOptions, out: Output<RelayServerEvents>): Promise<{ port: number; close(): Promise<void> }> {
  // Counted against --max-sessions while waiting or paired; gone when both connections closed.
  const sessions = new Map<string, RelayedSession>();
  // "session.side" of every token presented, until it expires: a token is used once.
  const used = new Map<string, number>();
  const sockets = new Set<Socket>();

  const refuse = (socket: Socket, code: Refusal, message: string, field?: string) => {
    out.emit('refused', { code, from: `${socket.remoteAddress}:${socket.remotePort}` }, `refused ${socket.remoteAddress}:${socket.remotePort}: ${code}`);
    socket.end(encode({ type: 'error', code, message, ...(field === undefined ? {} : { field }) }));
    // Read on and drop what the peer still sends: closing with unread bytes would be a reset, and a
    // reset can make the peer lose the error line before it reads it.
    socket.resume();
    setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
  };

  const join = (socket: Socket, token: string, early: Buffer) => {
    const now = Date.now();
    const ticket = readRelayToken(options.secret, token, now);
    if (!ticket) return refuse(socket, 'BAD_TOKEN', 'the token is malformed, forged or expired');
    for (const [key, expiresAt] of used) if (expiresAt <= now) used.delete(key);
    const key = `${ticket.session}.${ticket.side}`;
    if (used.has(key)) return refuse(socket, 'BAD_TOKEN', `the ${ticket.side} of this session has joined already`);
    let session = sessions.get(ticket.session);
    if (!session) {
      if (sessions.size >= options.maxSessions) return refuse(socket, 'RELAY_FULL', `the relay carries ${options.maxSessions} sessions already`);
      const created: RelayedSession = { id: ticket.session, sides: {}, paired: false, sent: { caller: 0, callee: 0 }, closed: 0 };
      created.waiting = setTimeout(() => {
        sessions.delete(created.id);
        for (const side of Object.values(created.sides)) refuse(side.socket, 'TIMEOUT', 'the other side did not come');
      }, options.pairTimeoutMs);
      sessions.set(ticket.session, created);
      session = created;
    }
    used.set(key, ticket.expiresAt);
    session.sides[ticket.side] = { socket, early };
    socket.on('close', () => sideClosed(session, ticket.side));
    if (session.sides.caller && session.sides.callee) pair(session);
  };

  const sideClosed = (session: RelayedSession, side: RelaySide) => {
    if (!session.paired) {
      // A side that leaves before its partner came: the session waits on for the other, if any.
      delete session.sides[side];
      if (!session.sides[OTHER[side]]) {
        clearTimeout(session.waiting);
        sessions.delete(session.id);
      }
      return;
    }
    session.closed += 1;
    if (session.closed < 2) return;
    sessions.delete(session.id);
    out.emit('ended', { session: session.id, caller_bytes: session.sent.caller, callee_bytes: session.sent.callee }, `session ${session.id} ended: ${session.sent.caller} bytes from the caller, ${session.sent.callee} from the callee`);
  };

  // #region pair
  const pair = (session: RelayedSession) => {
    clearTimeout(session.waiting);
    session.paired = true;
    for (const side of ['caller', 'callee'] as const) session.sides[side]!.socket.write(encode({ type: 'relay_paired', session: session.id }));
    for (const side of ['caller', 'callee'] as const) {
      const from = session.sides[side]!;
      const to = session.sides[OTHER[side]]!.socket;
      if (from.early.length > 0) to.write(from.early);
      session.sent[side] += from.early.length;
      from.socket.on('data', (bytes: Buffer) => void (session.sent[side] += bytes.length));
      // pipe() stops reading `from` while `to` holds more than its high-water mark (16 KiB), and
      // ends `to` after `from`'s FIN: backpressure and half-close, both ways.
      from.socket.pipe(to);
      from.socket.on('error', () => to.destroy());
    }
    out.emit('paired', { session: session.id }, `paired the two sides of session ${session.id}`);
  };
  // #endregion pair

  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const idle = setTimeout(() => refuse(socket, 'TIMEOUT', 'no relay_join in time'), options.handshakeTimeoutMs);
    socket.on('close', () => clearTimeout(idle));
    readFirstLine(socket, (line, rest) => {
      clearTimeout(idle);
      if (socket.writableEnded) return; // refused already: it was too slow
      if (line === undefined) return refuse(socket, 'FRAME_TOO_LARGE', `no "\\n" within ${MAX_LINE_BYTES} bytes`);
      const parsed = parseLine(line, 'peer-to-relay');
      if (!parsed.ok) return refuse(socket, parsed.code, parsed.message, parsed.code === 'BAD_MESSAGE' ? (parsed.field ?? 'type') : undefined);
      join(socket, parsed.message.token, rest);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const session of sessions.values()) clearTimeout(session.waiting);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
