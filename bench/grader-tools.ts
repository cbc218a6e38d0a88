// The grader's own tools, timed: the fault proxy's delay, how soon both proxies close while they hold
// traffic back, and how soon watch mode quits in the middle of a grading. Their tests
// (test/grader/fault-proxy.test.ts, lossy-udp-proxy.test.ts, test/workflow/watch-mode.test.ts) run the
// same scenarios and assert what the tools do; how long it takes is measured here, each against a
// baseline of the same run: the same proxy without the fault, watch mode quitting while idle.
// Prints Markdown.
//
//   npx tsx bench/grader-tools.ts [--quick]
import dgram from 'node:dgram';
import net from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFaultProxy, type FaultPlan } from '../grader/engine/fault-proxy.ts';
import { startLossyUdpProxy, type DatagramFaults } from '../grader/engine/lossy-udp-proxy.ts';
import { TSX_IMPORT } from '../grader/engine/run-lab.ts';
import { createRandom } from '../grader/engine/seeded-random.ts';
import { copyKit, removeFolder } from '../test/workflow/kit-copy.ts';
import { commandLine, median, startChild } from './bench-tools.ts';
import { ms } from './tracker-probe.ts';

const HOST = '127.0.0.1';
const quick = commandLine().has('quick');
const PROXY_RUNS = quick ? 2 : 5;
const WATCH_RUNS = quick ? 1 : 2;
const WAIT_MS = 30_000; // only stops a run that hangs

// The plans of the tests, and the bounds those tests asserted before the bounds moved here.
const DELAY: FaultPlan = { delayMs: 120 };
const HELD_BACK = { downstream: { delayMs: 10_000 }, upstream: { split: { min: 1, max: 1, pauseMs: 50 } } };
const HELD_DATAGRAM: DatagramFaults = { reorder: 1 };
const TARGET = { delayAtLeastMs: 115, tcpCloseMs: 500, udpCloseMs: 1_000, quitMs: 5_000 };

/** Rejects with `what` when `promise` has not settled within WAIT_MS. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS / 1000} s`)), WAIT_MS)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function repeat(times: number, run: () => Promise<number>): Promise<number> {
  const results: number[] = [];
  for (let i = 0; i < times; i += 1) results.push(await run());
  return median(results) ?? Number.NaN;
}

/** client ⇄ fault proxy ⇄ a target server, the target's side accepted; close() ends them all. */
async function throughFaultProxy(plans: { upstream?: FaultPlan; downstream?: FaultPlan }) {
  const accepted: net.Socket[] = [];
  const target = net.createServer((socket) => accepted.push(socket.on('error', () => {})));
  await new Promise<void>((resolve) => target.listen(0, HOST, resolve));
  const proxy = await startFaultProxy({ target: { host: HOST, port: (target.address() as net.AddressInfo).port }, random: createRandom(1), ...plans });
  const client = net.connect({ host: HOST, port: proxy.port }).on('error', () => {});
  client.setNoDelay(true);
  await within(new Promise((resolve) => client.once('connect', resolve)), 'connection to the proxy');
  for (let waited = 0; accepted.length === 0 && waited < WAIT_MS; waited += 2) await sleep(2);
  const server = accepted[0];
  if (!server) throw new Error('the proxy did not connect to the target');
  return {
    proxy,
    client,
    server,
    close: async () => {
      client.destroy();
      for (const socket of accepted) socket.destroy();
      await proxy.close();
      await new Promise((resolve) => target.close(resolve));
    },
  };
}

/** From the client's write to the first byte at the target. */
async function firstByteMs(plan: FaultPlan): Promise<number> {
  const pair = await throughFaultProxy({ upstream: plan });
  try {
    const arrived = new Promise((resolve) => pair.server.once('data', resolve));
    const began = performance.now();
    pair.client.write('one');
    await within(arrived, 'byte at the target');
    return performance.now() - began;
  } finally {
    await pair.close();
  }
}

/** How long close() takes with one live connection; with `held`, while bytes are held back both ways. */
async function faultProxyCloseMs(held: boolean): Promise<number> {
  const pair = await throughFaultProxy(held ? HELD_BACK : {});
  try {
    if (held) {
      pair.server.write('too late');
      pair.client.write('a long message that takes a while to trickle through');
      await sleep(20);
    }
    const began = performance.now();
    await within(pair.proxy.close(), 'end of close()');
    return performance.now() - began;
  } finally {
    await pair.close();
  }
}

/** How long two close() at once take; with `held`, while the proxy holds a datagram back. */
async function udpProxyCloseMs(held: boolean): Promise<number> {
  const bound = async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
    return socket;
  };
  const target = await bound();
  const client = await bound();
  const proxy = await startLossyUdpProxy({ target: { host: HOST, port: target.address().port }, random: createRandom(1), upstream: held ? HELD_DATAGRAM : {} });
  try {
    if (held) {
      client.send(Buffer.from('held while closing'), proxy.port, HOST);
      for (let waited = 0; proxy.stats().up.received < 1; waited += 2) {
        if (waited > WAIT_MS) throw new Error('the proxy never handled the datagram');
        await sleep(2);
      }
    }
    const began = performance.now();
    await within(Promise.all([proxy.close(), proxy.close()]), 'end of close()');
    return performance.now() - began;
  } finally {
    await proxy.close();
    target.close();
    client.close();
  }
}

/** From q to the exit of `npm run grade -- 01 --watch` in `kit`; with `grading`, q comes in the middle of one. */
async function watchQuitMs(kit: string, grading: boolean): Promise<number> {
  const watcher = startChild(process.execPath, ['--import', TSX_IMPORT, join(kit, 'grader', 'cli.ts'), '01', '--watch', '--seed', '7'], { cwd: kit });
  const exited = new Promise<void>((resolve) => watcher.process.once('exit', () => resolve()));
  try {
    await watcher.waitFor((line) => /^\s*watching .* q quit/.test(line), 2 * 60_000);
    if (grading) {
      watcher.write('r\n');
      await watcher.waitFor((line) => line.includes('grading 2 (you asked)'), WAIT_MS);
    }
    const began = performance.now();
    watcher.write('q\n');
    await within(exited, 'exit after q');
    return performance.now() - began;
  } finally {
    // A failed run still quits (which stops its grading's programs too); killed if even that fails.
    if (watcher.process.exitCode === null && watcher.process.signalCode === null) {
      watcher.write('q\n');
      await Promise.race([exited, sleep(10_000)]);
      watcher.stop();
    }
  }
}

const plainFirstByte = await repeat(PROXY_RUNS, () => firstByteMs({}));
const delayedFirstByte = await repeat(PROXY_RUNS, () => firstByteMs(DELAY));
const tcpIdleClose = await repeat(PROXY_RUNS, () => faultProxyCloseMs(false));
const tcpHeldClose = await repeat(PROXY_RUNS, () => faultProxyCloseMs(true));
const udpIdleClose = await repeat(PROXY_RUNS, () => udpProxyCloseMs(false));
const udpHeldClose = await repeat(PROXY_RUNS, () => udpProxyCloseMs(true));
const kit = copyKit('bench-watch', { commit: false });
let idleQuit: number;
let gradingQuit: number;
try {
  idleQuit = await repeat(WATCH_RUNS, () => watchQuitMs(kit, false));
  gradingQuit = await repeat(WATCH_RUNS, () => watchQuitMs(kit, true));
} finally {
  removeFolder(kit);
}

const times = (value: number, baseline: number) => `×${(value / baseline).toFixed(1)}`;
const met = (ok: boolean) => (ok ? '✓ met' : '✗ MISSED');
process.stdout.write(
  [
    `Medians of ${PROXY_RUNS} runs per proxy row and ${WATCH_RUNS} per watch-mode row; ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end.`,
    '',
    '| what | with the fault, as in its test | baseline, same run | vs baseline |',
    '| --- | ---: | ---: | ---: |',
    `| fault proxy: a write's first byte at the target | \`delayMs ${DELAY.delayMs}\`: ${ms(delayedFirstByte)} ms | no plan: ${ms(plainFirstByte)} ms | +${ms(delayedFirstByte - plainFirstByte)} ms |`,
    `| fault proxy: \`close()\` with a live connection | bytes held back both ways: ${ms(tcpHeldClose)} ms | idle, no plan: ${ms(tcpIdleClose)} ms | ${times(tcpHeldClose, tcpIdleClose)} |`,
    `| lossy UDP proxy: two \`close()\` at once | a datagram held back: ${ms(udpHeldClose)} ms | nothing held: ${ms(udpIdleClose)} ms | ${times(udpHeldClose, udpIdleClose)} |`,
    `| \`npm run grade -- 01 --watch\`: q to exit | in the middle of a grading: ${ms(gradingQuit)} ms | idle, watching: ${ms(idleQuit)} ms | ${times(gradingQuit, idleQuit)} |`,
    '',
    'Both proxies stop waiting for their sockets after 1 s, so a close near 1000 ms means it gave up rather than finished.',
    '',
    `Targets (the bounds their tests asserted until they moved here): the ${DELAY.delayMs} ms delay holds a byte at least ${TARGET.delayAtLeastMs} ms (timers round to the millisecond) ${met(delayedFirstByte >= TARGET.delayAtLeastMs)}; fault proxy close under ${TARGET.tcpCloseMs} ms ${met(tcpHeldClose < TARGET.tcpCloseMs)}; UDP proxy close under ${TARGET.udpCloseMs / 1000} s ${met(udpHeldClose < TARGET.udpCloseMs)}; quitting mid-grading under ${TARGET.quitMs / 1000} s ${met(gradingQuit < TARGET.quitMs)}.`,
  ].join('\n') + '\n',
);
