// The hostile side of the flood test: connections that write batches of bad frames at twice the rate
// limit, dial again whenever the tracker hangs up on them, and end with a ping the tracker must answer;
// and connections that come and go (churn).
import { JsonLines } from '../json-lines.ts';

export const BATCH = 100; // frames per write
export const PACE_MS = 500; // between writes of one connection

export type Open = (port: number) => Promise<JsonLines>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends this connection's share of the flood, BATCH frames every PACE_MS (twice the rate limit, so the
 * limiter works too), reading and dropping the replies; then waits until the tracker has answered a
 * last ping, so the flood counts as over only once the tracker has read every frame.
 */
export async function floodFrom(open: Open, port: number, frames: string[]): Promise<{ sent: number; dials: number }> {
  let client = await open(port);
  let sent = 0;
  let dials = 1;
  for (let at = 0; at < frames.length; at += BATCH) {
    // The tracker closes a connection after 5 failed logins: an attacker simply dials again.
    if (client.closed) [client, dials] = [await reopen(open, port), dials + 1];
    const batch = frames.slice(at, at + BATCH);
    client.socket.write(`${batch.join('\n')}\n`);
    sent += batch.length;
    client.received.length = 0;
    await sleep(PACE_MS);
  }
  await sleep(1_000); // a fresh rate window, so the marker is answered, not dropped
  if (client.closed) client = await reopen(open, port);
  client.send({ type: 'ping', id: 'end' });
  await client.next((m) => m.id === 'end', 30_000);
  return { sent, dials };
}

/** `frames` shared out over `connections` flooding at once; the totals of frames sent and dials. */
export async function flood(open: Open, port: number, frames: string[], connections: number): Promise<{ sent: number; dials: number }> {
  const share = Math.ceil(frames.length / connections);
  const each = await Promise.all(Array.from({ length: connections }, (_, i) => floodFrom(open, port, frames.slice(i * share, (i + 1) * share))));
  return { sent: each.reduce((sum, one) => sum + one.sent, 0), dials: each.reduce((sum, one) => sum + one.dials, 0) };
}

/** A new connection; the per-address cap may refuse it while old ones close, so try again. */
async function reopen(open: Open, port: number): Promise<JsonLines> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await open(port);
    } catch (error) {
      if (tries > 50) throw error;
      await sleep(100);
    }
  }
}

/**
 * Short-lived connections while `going()`: each reads its greeting, writes one bad frame and half of
 * another, and hangs up without reading the reply. So many connections come and go that anything the
 * tracker kept per connection would show in its heap. Returns the number of dials.
 */
export async function churn(port: number, frames: string[], going: () => boolean, everyMs = 10): Promise<number> {
  let dials = 0;
  while (going()) {
    const frame = frames[dials % frames.length] ?? '';
    dials += 1;
    let client: JsonLines | undefined;
    try {
      client = await JsonLines.dial(port);
      await client.next(() => true, 5_000); // hello, or TOO_MANY_CONNECTIONS at the per-address cap
      client.socket.write(`${frame}\n${frame.slice(0, frame.length >> 1)}`);
    } catch {
      // refused or cut: a churning attacker does not care
    } finally {
      client?.close();
    }
    await sleep(everyMs);
  }
  return dials;
}
