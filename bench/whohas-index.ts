// How long the reference tracker's whohas takes with many peers online and many files indexed, against
// a baseline measured in the same run: one pass over the online peers in login order, which is what
// answering without an index keyed by name costs for every name asked (docs: Lab 04 README step 4).
// The feature runs in process, on a tracker handle with N peers: no sockets, so only the index counts.
//   npx tsx bench/whohas-index.ts [--peers 10000] [--files 10000] [--calls 2000]
import type { OnlinePeer, TrackerHandle } from '#kit/tracker/tracker-feature.ts';
import { fileIndexFeature } from '../solutions/04-file-transfer/file-index-feature.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const PEERS = arg('peers', 10_000);
const FILES = arg('files', 10_000);
const CALLS = arg('calls', 2_000);
const SHA = 'a'.repeat(64);

const online = new Map<string, OnlinePeer>();
for (let i = 0; i < PEERS; i += 1) {
  const username = `u${String(i).padStart(5, '0')}`;
  online.set(username, { username, host: '127.0.0.1', port: 10_000 + (i % 50_000), since: new Date(1_700_000_000_000 + i), push: () => {}, disconnect: () => {} });
}
const tracker = { online, options: {}, out: { emit: () => {} } } as unknown as TrackerHandle;
const index = fileIndexFeature()(tracker);
const share = index.requests!.share!;
const whohas = index.requests!.whohas!;

// Each file has one holder, and one popular file is held by every tenth peer.
const peers = [...online.values()];
for (let f = 0; f < FILES; f += 1) {
  const peer = peers[f % PEERS]!;
  await share(peer, { type: 'share', files: [{ name: `file-${f}.bin`, size: f, sha256: SHA }], append: true });
}
for (let p = 0; p < PEERS; p += 10) await share(peers[p]!, { type: 'share', files: [{ name: 'popular.iso', size: 1, sha256: SHA }], append: true });

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length * 0.5)]!, p99: sorted[Math.floor(sorted.length * 0.99)]! };
}

async function time(label: string, run: (i: number) => unknown): Promise<{ label: string; p50: number; p99: number }> {
  for (let i = 0; i < 50; i += 1) await run(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i += 1) {
    const began = performance.now();
    await run(i);
    samples.push((performance.now() - began) * 1000);
  }
  return { label, ...percentiles(samples) };
}

const asker = peers[PEERS - 1]!;
const rows = [
  await time('baseline: one pass over the online peers in login order', () => [...online.values()].sort((a, b) => a.since.getTime() - b.since.getTime()).length),
  await time('whohas of a file one peer holds', (i) => whohas(asker, { type: 'whohas', names: [`file-${(i * 7919) % FILES}.bin`] })),
  await time(`whohas of a file ${Math.ceil(PEERS / 10)} peers hold (5 listed)`, () => whohas(asker, { type: 'whohas', names: ['popular.iso'] })),
  await time('whohas of a name nobody shares', (i) => whohas(asker, { type: 'whohas', names: [`missing-${i}.txt`] })),
  await time('whohas of 32 names at once', (i) => whohas(asker, { type: 'whohas', names: Array.from({ length: 32 }, (_, k) => `file-${(i * 32 + k) % FILES}.bin`) })),
];
const base = rows[0]!;
console.log(`${PEERS.toLocaleString('en')} peers online, ${FILES.toLocaleString('en')} files indexed, ${CALLS} calls each; times in µs.\n`);
console.log('| request | p50 µs | p99 µs | p99 / baseline p99 |');
console.log('| --- | ---: | ---: | ---: |');
for (const row of rows) console.log(`| ${row.label} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${(row.p99 / base.p99).toFixed(3)} |`);
console.log('\nA ratio well under 1 means whohas does not touch every online peer: its cost is that of its answer.');
