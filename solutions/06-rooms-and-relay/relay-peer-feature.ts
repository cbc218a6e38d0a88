// The peer's side of the relay (Lab 06 step 9): a /connect whose dial failed asks the tracker
// for a relay and goes through it; a relay_incoming push takes the callee there. Once the relay has
// paired them, the two seal everything they say (sealed-channel.ts), and the sealed stream is an
// ordinary session connection (hello, welcome, chat, files): PeerApp carries on with it as if it had
// been dialled, or had arrived on the listening port.
import type { Socket } from 'node:net';
import { dial } from '#kit/peer/dial.ts';
import type { PeerContext, PeerFeatureFactory } from '#kit/peer/peer-feature.ts';
import { RELAY_PAIR_TIMEOUT_MS } from '#kit/protocol/limits.ts';
import { encode, parseLine, type MessageOf, type TrackerToPeerMessage } from '#kit/protocol/messages.ts';
import { readFirstLine } from './first-line.ts';
import { sealChannel } from './sealed-channel.ts';
import type { RelaySide } from './sealed-records.ts';

type Meeting = Pick<MessageOf<'tracker-to-peer', 'relay_info'>, 'session' | 'host' | 'port' | 'token'>;

/** How long past the relay's own pair timeout a side waits for relay_paired before it gives up. */
const PAIRING_SLACK_MS = 5_000;
/** Tickets of incoming sessions kept for a relay_incoming that may follow: a few dozen at most. */
const KEPT_TICKETS = 64;

export function relayPeerFeature(): PeerFeatureFactory {
  return (peer) => {
    // The callee's keys are salted with the ticket of its incoming push: keep the latest few.
    const tickets = new Map<string, string>();
    peer.tracker.on('push', (message: TrackerToPeerMessage) => {
      if (message.type === 'incoming') {
        tickets.set(message.session, message.ticket);
        if (tickets.size > KEPT_TICKETS) tickets.delete(tickets.keys().next().value as string);
      }
      if (message.type !== 'relay_incoming') return;
      const ticket = tickets.get(message.session);
      if (ticket === undefined) return peer.out.emit('error', { code: 'BAD_TICKET', message: `relay_incoming for ${message.session}, a session nobody announced` });
      void throughRelay(peer, message, { other: message.from, side: 'callee', ticket }).then((socket) => socket && peer.accept(socket));
    });
    return {
      reach: async ({ username, session, ticket, reason }) => {
        peer.out.note(`cannot dial ${username} (${reason}): asking the tracker for a relay`);
        const reply = await peer.tracker.request({ type: 'relay', session });
        if (reply.type === 'relay_info') return throughRelay(peer, reply, { other: username, side: 'caller', ticket });
        const { code, message } = reply.type === 'error' ? reply : { code: 'INTERNAL' as const, message: `unexpected reply ${reply.type}` };
        peer.out.emit('error', { code, message }, `✗ no relay to ${username}: ${message}`);
        return undefined;
      },
    };
  };
}

interface Side {
  other: string;
  side: RelaySide;
  ticket: string;
}

/**
 * Joins the relay with this side's token and, once paired, seals the connection: a plaintext stream
 * that PeerApp takes for a socket, or undefined when any of it failed (an error event says why).
 */
async function throughRelay(peer: PeerContext, { session, host, port, token }: Meeting, { other, side, ticket }: Side): Promise<Socket | undefined> {
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
  const sealed = await sealChannel(socket, { side, session, ticket }, (why) => peer.out.emit('error', { code: 'TAMPERED', message: why }, `✗ the session with ${other} through the relay: ${why}; it is closed`));
  if (!sealed) return undefined;
  peer.out.emit('session_relayed', { session, with: other }, `── ${other} and you meet through the relay at ${host}:${port}; everything you say is sealed`);
  // DirectLink reads and writes it as it would a socket: the same events, writes and backpressure.
  return sealed as unknown as Socket;
}
