// How a holder played by the grader answers a download connection's get (PROTOCOL §5.7): each failure
// of Lab 04's README step 6 table, or the file served. Shared by the checks that walk holders: Lab
// 04's /get failover and Lab 06's /pick.
import type { JsonParty } from '../../engine/json-party.ts';
import type { Random } from '../../engine/seeded-random.ts';
import { NOISE, reply } from '../03-roster-and-direct/peer-harness.ts';
import { sendDataFrames, sha256 } from './file-harness.ts';
import { drawFrameLengths } from './frame-plans.ts';

export type Failure = 'AT_CAPACITY' | 'NO_SUCH_FILE' | 'corrupt' | 'dies' | 'lies' | 'too-much';

/** The download_attempt reason each failure gets (README step 6, the table of failures). */
export const REASON: Record<Failure, string> = { AT_CAPACITY: 'AT_CAPACITY', NO_SUCH_FILE: 'NO_SUCH_FILE', corrupt: 'HASH_MISMATCH', dies: 'CONNECT_FAILED', lies: 'HASH_MISMATCH', 'too-much': 'SIZE_MISMATCH' };
export const FAILURES = Object.keys(REASON) as Failure[];

/** What a holder serves: the bytes a get for `name` must deliver. */
export interface ServedFile {
  name: string;
  /** At least 2 bytes: a holder that dies does so inside the file. */
  bytes: Buffer;
}

/** One holder's answer to a get: a failure of the table, or the file served in drawn frames. */
export async function serveAttempt(random: Random, party: JsonParty, get: Record<string, unknown>, file: ServedFile, failure: Failure | undefined, why: string): Promise<void> {
  const { name, bytes } = file;
  const xfer = String(get.xfer);
  if (failure === 'AT_CAPACITY' || failure === 'NO_SUCH_FILE') {
    reply(party, get, { type: 'error', code: failure, message: failure === 'AT_CAPACITY' ? 'busy' : 'not shared here any more', re: 'get' });
    return party.socket.destroy();
  }
  const other = Buffer.from(bytes);
  other[random.int(0, other.length - 1)]! ^= 0x01;
  const offered = failure === 'lies' ? other : bytes;
  reply(party, get, { type: 'offer', xfer, name, size: bytes.length, sha256: sha256(offered) });
  if (failure === 'lies') {
    await party.expect('cancel', { xfer, reason: 'HASH_MISMATCH' }, { why: `the offer's SHA-256 is not the tracker's: ${why}`, skip: NOISE, timeoutMs: 10_000 });
    return;
  }
  if (failure === 'dies') {
    await sendDataFrames(party, xfer, bytes, { upTo: random.int(1, bytes.length - 1) });
    return party.socket.reset();
  }
  if (failure === 'too-much') {
    // The extra bytes ride in the frame that reaches the size, so no later frame could be ignored instead.
    const extra = Buffer.concat([bytes, seededBytesFrom(random, random.int(1, 2_000))]);
    const head = drawFrameLengths(random, bytes.length - 1);
    await sendDataFrames(party, xfer, extra, { lengths: [...head, extra.length - (bytes.length - 1)] });
    return;
  }
  await sendDataFrames(party, xfer, failure === 'corrupt' ? other : bytes, { lengths: drawFrameLengths(random, bytes.length) });
  const verdict = failure === 'corrupt' ? await party.expect('file_bad', { xfer, code: 'HASH_MISMATCH' }, { why: 'one byte differs: the downloader says file_bad', skip: NOISE, timeoutMs: 10_000 }) : await party.expect('file_ok', { xfer, sha256: sha256(bytes) }, { why: 'the file verifies', skip: NOISE, timeoutMs: 10_000 });
  void verdict;
}

function seededBytesFrom(random: Random, size: number): Buffer {
  return Buffer.from(Array.from({ length: size }, () => random.int(0, 255)));
}
