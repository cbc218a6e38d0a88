// The moves every reliable-UDP check makes: test files in a temporary folder, the student's sender and
// receiver, the lossy relay between them (whose counts end every transcript), and the proof that a
// file arrived byte for byte.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckContext } from '../../engine/check-context.ts';
import { fail } from '../../engine/check-failure.ts';
import { describeDatagramStats, startLossyUdpProxy, type DatagramFaults, type LossyUdpProxy } from '../../engine/lossy-udp-proxy.ts';
import { RelayRecorder } from '../../engine/relayed-datagrams.ts';
import type { Random } from '../../engine/seeded-random.ts';
import type { ProgramEvent, StudentProgram } from '../../engine/student-program.ts';
import { UdpParty } from '../../engine/udp-party.ts';

export const SENDER_FILE = 'udp-send.ts';
export const RECEIVER_FILE = 'udp-recv.ts';

export interface TestFile {
  name: string;
  path: string;
  bytes: Buffer;
  sha256: string;
}

/** A fresh folder, deleted when the check ends. */
export async function tempFolder(ctx: CheckContext, purpose: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'grade-udp-'));
  ctx.defer(() => rm(dir, { recursive: true, force: true }));
  ctx.note(`the grader made a folder for ${purpose}: ${dir}`);
  return dir;
}

/** A file of `size` seeded random bytes in `dir`. */
export async function makeTestFile(ctx: CheckContext, dir: string, name: string, size: number): Promise<TestFile> {
  const bytes = randomBytes(ctx.random, size);
  const path = join(dir, name);
  await writeFile(path, bytes);
  const sha256 = sha256Of(bytes);
  ctx.note(`the grader wrote ${name}: ${describeSize(size)}, SHA-256 ${sha256}`);
  return { name, path, bytes, sha256 };
}

/** Starts udp-recv.ts saving into `outDir` and returns it with the UDP port it bound. */
export async function startReceiver(ctx: CheckContext, outDir: string, args: string[] = []): Promise<{ receiver: StudentProgram; port: number }> {
  const receiver = await ctx.start(RECEIVER_FILE, ['--out', outDir, ...args], 'your receiver');
  return { receiver, port: readyPort(await receiver.ready(), 'your receiver') };
}

/** Starts udp-send.ts sending `file` to 127.0.0.1:port and waits for its ready event. */
export async function startSender(ctx: CheckContext, port: number, file: TestFile, args: string[] = []): Promise<StudentProgram> {
  const sender = await ctx.start(SENDER_FILE, ['--to', `127.0.0.1:${port}`, '--file', file.path, ...args], 'your sender');
  readyPort(await sender.ready(), 'your sender');
  return sender;
}

export interface Faults {
  up?: DatagramFaults;
  down?: DatagramFaults;
  /** What the relay does, for the transcript. */
  description: string;
}

/**
 * Puts the lossy relay in front of the receiver. What it did (dropped, duplicated, reordered,
 * corrupted) becomes the last step of the transcript, pass or fail, timeout included.
 */
export async function lossyRelay(ctx: CheckContext, receiverPort: number, faults: Faults, receiver = 'your receiver'): Promise<LossyUdpProxy> {
  // Between two of the student's programs the relay is the only witness: it records each datagram for
  // the report. In front of the grader, the grader's own socket already logs every packet as a step.
  let recorder: RelayRecorder | undefined;
  const proxy = await startLossyUdpProxy({
    target: { host: '127.0.0.1', port: receiverPort },
    upstream: faults.up,
    downstream: faults.down,
    random: ctx.random,
    onActivity: () => ctx.watch.changed(),
    onDatagram: (way, datagram, fates) => recorder?.record(way, datagram, fates),
  });
  if (receiver === 'your receiver') {
    recorder = new RelayRecorder(proxy.port, () => ctx.log.now());
    ctx.relayed.push(recorder);
  }
  ctx.defer(() => proxy.close());
  ctx.defer(() => {
    const { up, down } = proxy.stats();
    ctx.note('what the lossy relay did', [`sender → receiver: ${describeDatagramStats(up)}`, `receiver → sender: ${describeDatagramStats(down)}`]);
  });
  ctx.note(`the grader put a UDP relay on 127.0.0.1:${proxy.port} in front of ${receiver}: ${faults.description}`);
  return proxy;
}

/** Opens the grader's own UDP socket, closed when the check ends. */
export async function graderSocket(ctx: CheckContext, label: string): Promise<UdpParty> {
  const party = await UdpParty.open(label, ctx.log, ctx.watch);
  ctx.defer(() => party.close());
  ctx.note(`${label} listens on UDP 127.0.0.1:${party.port}`);
  return party;
}

export interface Delivery {
  sender: StudentProgram;
  receiver: StudentProgram;
  file: TestFile;
  outDir: string;
  timeoutMs: number;
}

/** The sender reports done, the receiver reports the saved file, and it holds exactly the bytes sent. */
export async function expectDelivered(ctx: CheckContext, { sender, receiver, file, outDir, timeoutMs }: Delivery): Promise<ProgramEvent> {
  const size = file.bytes.length;
  const done = await sender.expectEvent('done', { name: file.name, size, sha256: file.sha256 }, {
    timeoutMs,
    why: 'done means the receiver answered FIN_ACK with ok true: the whole file arrived and verified (docs/PROTOCOL.md §6.2)',
  });
  const path = join(outDir, file.name);
  await receiver.expectEvent('file_received', { name: file.name, path, size, sha256: file.sha256 }, {
    why: 'the receiver saves the verified file under its name in --out and says where',
  });
  await expectSavedIntact(ctx, path, file);
  await sender.expectExit(0, { why: 'exit code 0 means "delivered and verified"' });
  return done;
}

/** The file on disk has exactly the bytes of `file`. */
export async function expectSavedIntact(ctx: CheckContext, path: string, file: TestFile): Promise<void> {
  let saved: Buffer;
  try {
    saved = await readFile(path);
  } catch (error) {
    fail({ expected: `the received file at ${path}`, got: `it cannot be read: ${(error as Error).message}`, why: 'the receiver said it saved the file there' });
  }
  if (!saved.equals(file.bytes)) {
    fail({
      expected: `${path} to hold the ${describeSize(file.bytes.length)} that were sent (SHA-256 ${file.sha256})`,
      got: `${describeSize(saved.length)} with SHA-256 ${sha256Of(saved)}; ${firstDifference(saved, file.bytes)}`,
      why: 'a reliable transfer delivers every byte once, in order, unchanged',
    });
  }
  ctx.note(`${file.name} on disk is byte for byte the file sent (SHA-256 ${file.sha256})`);
}

/** The names in a folder, hidden ones included. */
export async function listFolder(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function describeSize(size: number): string {
  if (size >= 1024 * 1024 && size % (1024 * 1024) === 0) return `${size / (1024 * 1024)} MiB (${size} bytes)`;
  return `${size} byte${size === 1 ? '' : 's'}`;
}

function readyPort(ready: ProgramEvent, label: string): number {
  const { port } = ready;
  if (typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536) return port;
  fail({
    expected: `${label} to print a ready event like {"event":"ready","host":"127.0.0.1","port":40123}`,
    got: JSON.stringify(ready),
    why: 'the ready event names the UDP port the socket is bound to; with --port 0 it is the only way to learn it',
  });
}

function firstDifference(got: Buffer, want: Buffer): string {
  const length = Math.min(got.length, want.length);
  for (let i = 0; i < length; i += 1) {
    if (got[i] !== want[i]) return `the first difference is at byte ${i} (in DATA seq=${Math.floor(i / 1200) + 1})`;
  }
  return got.length < want.length ? `it stops after byte ${got.length} (DATA seq=${Math.floor(got.length / 1200) + 1} onwards is missing)` : `it has ${got.length - want.length} extra bytes at the end`;
}

/** Seeded bytes, 4 at a time: a replayed run writes the same files. */
function randomBytes(random: Random, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) {
    const word = Math.floor(random.next() * 0x1_0000_0000);
    for (let k = 0; k < 4 && i + k < size; k += 1) bytes[i + k] = (word >>> (8 * k)) & 0xff;
  }
  return bytes;
}
