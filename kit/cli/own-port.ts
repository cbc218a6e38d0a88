// A port of your own for hand runs. The protocol's well-known port (9876) is one per machine: on a
// machine shared by a class, the first student's tracker holds it and everyone else's peers would log
// in to that tracker. Deriving a port from the user id gives every account on the machine its own,
// the same one every day, with no file to keep.
import { userInfo } from 'node:os';

/** Below Linux's ephemeral range (32768–60999), where the system picks ports for outgoing connections. */
const OWN_PORT_BASE = 20_000;
const OWN_PORT_SPAN = 10_000;

export interface OwnPort {
  port: number;
  /** What it was derived from, to print: "user id 1001". */
  from: string;
}

/**
 * The user's own port: from the numeric user id where there is one (accounts on a shared machine
 * have distinct, usually consecutive ids, so they never collide below 10,000 accounts), else from
 * the user name (Windows has no numeric id).
 */
export function ownPort(user: { uid: number; username: string } = userInfo()): OwnPort {
  if (user.uid >= 0) return { port: OWN_PORT_BASE + (user.uid % OWN_PORT_SPAN), from: `user id ${user.uid}` };
  let hash = 0;
  for (const byte of Buffer.from(user.username, 'utf8')) hash = (hash * 31 + byte) % OWN_PORT_SPAN;
  return { port: OWN_PORT_BASE + hash, from: `user name ${user.username}` };
}
