// The peer's side of the relay (Lab 06 step 8): a /connect whose dial failed asks the tracker for a
// relay and goes through it; a relay_incoming push takes the callee there. Once the relay has paired
// them, the connection is an ordinary session connection (hello, welcome, chat, files): PeerApp
// carries on with it as if it had been dialled, or had arrived on the listening port.
import type { Socket } from 'node:net';
import { dial } from '#kit/peer/dial.ts';
import type { PeerContext, PeerFeatureFactory } from '#kit/peer/peer-feature.ts';
import { RELAY_PAIR_TIMEOUT_MS } from '#kit/protocol/limits.ts';
import { encode, parseLine, type MessageOf, type TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import { readFirstLine } from './first-line.ts';

type Meeting = Pick<MessageOf<'tracker-to-peer', 'relay_info'>, 'session' | 'host' | 'port' | 'token'>;

/** How long past the relay's own pair timeout a side waits for relay_paired before it gives up. */
const PAIRING_SLACK_MS = 5_000;

export function relayPeerFeature(): PeerFeatureFactory {
  return (peer) => {
    peer.tracker.on('push', (message: TrackerToPeerMessage) => {
      if (message.type !== 'relay_incoming') return;
      void throughRelay(peer, message, message.from).then((socket) => socket && peer.accept(socket));
    });
    return {
      reach: async ({ username, session, reason }) => {
        peer.out.note(`cannot dial ${username} (${reason}): asking the tracker for a relay`);
        const reply = await peer.tracker.request({ type: 'relay', session });
        if (reply.type === 'relay_info') return throughRelay(peer, reply, username);
        const { code, message } = reply.type === 'error' ? reply : { code: 'INTERNAL' as const, message: `unexpected reply ${reply.type}` };
        peer.out.emit('error', { code, message }, `✗ no relay to ${username}: ${message}`);
        return undefined;
      },
    };
  };
}

/** Joins the relay with this side's token: the socket once paired, with whatever followed relay_paired put back. */
async function throughRelay(peer: PeerContext, { session, host, port, token }: Meeting, other: string): Promise<Socket | undefined> {
  const socket = await dial(host, port);
  const fail = (code: 'CONNECT_FAILED' | MessageOf<'relay-to-peer', 'error'>['code'], message: string) => {
    if (typeof socket !== 'string') socket.destroy();
    peer.out.emit('error', { code, message }, `✗ the relay for the session with ${other}: ${message}`);
    return undefined;
  };
  if (typeof socket === 'string') return fail('CONNECT_FAILED', `cannot reach the relay at ${host}:${port}: ${socket}`);
  socket.on('error', () => {}); // a failure shows as the close, below
  socket.write(encode({ type: 'relay_join', token }));
  let closed = () => {};
  const first = await new Promise<{ line: string | undefined; rest: Buffer } | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), RELAY_PAIR_TIMEOUT_MS + PAIRING_SLACK_MS);
    closed = () => resolve(undefined);
    socket.once('close', closed);
    readFirstLine(socket, (line, rest) => {
      clearTimeout(timer);
      resolve({ line, rest });
    });
  });
  socket.off('close', closed);
  if (!first?.line) return fail('CONNECT_FAILED', 'the relay closed the connection, or said nothing, before pairing');
  const answer = parseLine(first.line, 'relay-to-peer');
  if (!answer.ok) return fail('CONNECT_FAILED', `the relay answered something else than relay_paired: ${answer.message}`);
  if (answer.message.type === 'error') return fail(answer.message.code, answer.message.message);
  if (answer.message.session !== session) return fail('CONNECT_FAILED', `the relay paired another session (${answer.message.session})`);
  if (first.rest.length > 0) socket.unshift(first.rest);
  peer.out.emit('session_relayed', { session, with: other }, `── ${other} and you meet through the relay at ${host}:${port}`);
  return socket;
}
