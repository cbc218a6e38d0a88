// The kit pieces under Lab 04's UDP programs: their command lines, reading a file as packets, who may
// start a transfer, the length of each payload, and the --trace events.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '#kit/cli/flags.ts';
import { fileChunks } from '#kit/files/file-chunks.ts';
import { parseUdpRecvCommand, parseUdpSendCommand } from '#kit/programs/udp-commands.ts';
import { createOutput } from '#kit/cli/output.ts';
import { RefusedTransfers, refuseMeta } from '#kit/udp/meta-admission.ts';
import { packetTrace } from '#kit/udp/packet-trace.ts';
import { expectedPayloadLength } from '#kit/udp/payload-length.ts';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
  folders.length = 0;
});
async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'udp-kit-'));
  folders.push(dir);
  return dir;
}

describe('UDP command lines', () => {
  it('gives the sender the defaults of docs/PROTOCOL.md', () => {
    expect(parseUdpSendCommand(['--to', '127.0.0.1:5000', '--file', 'a.txt'])).toEqual({
      help: false, to: { host: '127.0.0.1', port: 5000 }, file: 'a.txt', mode: 'gbn', window: 32, timeoutMs: 50, giveUpMs: 10_000, trace: false, json: false,
    });
  });

  it('gives the receiver the defaults of docs/PROTOCOL.md', () => {
    expect(parseUdpRecvCommand(['--out', 'in', '--mode', 'sr', '--once', '--json'])).toEqual({
      help: false, out: 'in', host: '127.0.0.1', port: 0, mode: 'sr', once: true, idleMs: 30_000, trace: false, json: true,
    });
  });

  it.each([
    [['--file', 'a'], /--to/],
    [['--to', '127.0.0.1:5000'], /--file/],
    [['--to', '127.0.0.1:5000', '--file', 'a', '--window', '0'], /--window/],
    [['--to', '127.0.0.1:5000', '--file', 'a', '--window', '1025'], /--window/],
    [['--to', '127.0.0.1:5000', '--file', 'a', '--mode', 'tcp'], /--mode/],
    [['--to', 'nowhere', '--file', 'a'], /HOST:PORT/],
  ])('refuses the sender flags %j with one sentence', (argv, message) => {
    expect(() => parseUdpSendCommand(argv)).toThrow(UsageError);
    expect(() => parseUdpSendCommand(argv)).toThrow(message);
  });

  it('refuses a receiver without --out', () => {
    expect(() => parseUdpRecvCommand(['--port', '0'])).toThrow(/--out/);
  });
});

describe('fileChunks', () => {
  it('cuts a file into equal pieces and a shorter last one, across read boundaries', async () => {
    const path = join(await folder(), 'f.bin');
    const data = Buffer.from(Array.from({ length: 200_001 }, (_, i) => i % 251));
    await writeFile(path, data);
    const pieces: Buffer[] = [];
    for await (const piece of fileChunks(path, 1200)) pieces.push(Buffer.from(piece));
    expect(pieces).toHaveLength(Math.ceil(data.length / 1200));
    expect(pieces.slice(0, -1).every((p) => p.length === 1200)).toBe(true);
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
  });

  it('yields nothing for an empty file', async () => {
    const path = join(await folder(), 'empty');
    await writeFile(path, '');
    const pieces = [];
    for await (const piece of fileChunks(path, 1200)) pieces.push(piece);
    expect(pieces).toEqual([]);
  });
});

describe('who may start a transfer', () => {
  const meta = { name: 'a.txt', size: 1, sha256: 'a'.repeat(64), mode: 'gbn' as const, window: 4 };

  it('refuses the other mode and unsafe names', () => {
    expect(refuseMeta(meta, undefined)).toBeUndefined();
    expect(refuseMeta(meta, 'gbn')).toBeUndefined();
    expect(refuseMeta(meta, 'sr')?.code).toBe('BAD_MESSAGE');
    expect(refuseMeta({ ...meta, name: '../etc/passwd' }, undefined)?.code).toBe('BAD_NAME');
  });

  it('remembers a bounded number of refused transfers', () => {
    const refused = new RefusedTransfers(2);
    refused.add('a');
    refused.add('b');
    refused.add('c');
    expect([refused.has('a'), refused.has('b'), refused.has('c')]).toEqual([false, true, true]);
  });
});

describe('the length of each DATA payload', () => {
  it('is 1200 bytes except the last, which holds the rest, also when the size is a multiple of 1200', () => {
    expect([1, 2, 3].map((seq) => expectedPayloadLength(2500, seq))).toEqual([1200, 1200, 100]);
    // The classic slip, size % 1200, gives 0 here: the last packet is a full one.
    expect([1, 2].map((seq) => expectedPayloadLength(2400, seq))).toEqual([1200, 1200]);
    expect(expectedPayloadLength(1, 1)).toBe(1);
  });
});

describe('--trace events', () => {
  const traced = (enabled: boolean) => {
    const lines: string[] = [];
    const trace = packetTrace(createOutput({ json: true, write: (line) => lines.push(line) }), enabled);
    trace.sent({ type: 'DATA', seq: 3, retransmit: true });
    trace.sent({ type: 'META', seq: 0 });
    trace.received({ type: 'ACK', seq: 3 });
    trace.dropped('BAD_CRC');
    trace.timedOut([4, 5]);
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  };

  it('are the packet and timeout events of docs/PROTOCOL.md, retransmit only where the sender said', () => {
    expect(traced(true)).toEqual([
      { event: 'packet', dir: 'out', type: 'DATA', seq: 3, retransmit: true },
      { event: 'packet', dir: 'out', type: 'META', seq: 0 },
      { event: 'packet', dir: 'in', type: 'ACK', seq: 3 },
      { event: 'packet', dir: 'in', dropped: 'BAD_CRC' },
      { event: 'timeout', seqs: [4, 5] },
    ]);
  });

  it('print nothing without --trace', () => {
    expect(traced(false)).toEqual([]);
  });
});
