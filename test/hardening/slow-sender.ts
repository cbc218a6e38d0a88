// Slowloris, as the scenario that test/hardening/tracker-abuse.test.ts and the benchmark
// (bench/tracker-abuse.ts) both run: a client trickles one line a byte at a time and never ends it,
// until the tracker cuts it off; and, to compare with, a client that says nothing at all.
import { JsonLines, ofType, type Msg } from '../json-lines.ts';

const DRIP_EVERY_MS = 100;
// Only stop a client the tracker never cuts: then the scenario fails as hung, not as slow.
const CUT_WITHIN_MS = 5_000;
const CLOSED_WITHIN_MS = 3_000;

export interface Cut {
  /** The error the tracker sent before it hung up. */
  error: Msg;
  /** From when the tracker's deadline started (the line's first byte; for a silent client, the connection) to that error. */
  afterMs: number;
}

/** Writes a `list` request one byte every 100 ms, never its "\n", until the tracker sends an error and closes. */
export async function trickleUntilCut(client: JsonLines): Promise<Cut> {
  const line = `${JSON.stringify({ type: 'list', id: 2 })}\n`;
  let firstByte = performance.now();
  let sent = 0;
  const drip = setInterval(() => {
    if (sent === 0) firstByte = performance.now();
    if (sent < line.length - 1) client.socket.write(line.charAt(sent++)); // never the "\n"
  }, DRIP_EVERY_MS);
  try {
    return await cutOff(client, () => firstByte);
  } finally {
    clearInterval(drip);
  }
}

/** Dials the tracker and sends nothing, not even after its hello, until it sends an error and closes. */
export async function silentUntilCut(port: number): Promise<Cut> {
  const client = await JsonLines.dial(port);
  const connected = performance.now();
  try {
    return await cutOff(client, () => connected);
  } finally {
    client.close();
  }
}

async function cutOff(client: JsonLines, startedAt: () => number): Promise<Cut> {
  const error = await client.next(ofType('error'), CUT_WITHIN_MS);
  const afterMs = performance.now() - startedAt();
  await client.whenClosed(CLOSED_WITHIN_MS);
  return { error, afterMs };
}
