// npm run bench: runs every benchmark of the kit, each against a baseline measured in the same run,
// and writes bench/REPORT.md (date, machine, Node version, the tables). Traffic stays on 127.0.0.1.
//   npm run bench [-- --quick]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCharts } from './report-charts.ts';

const quick = process.argv.includes('--quick');
const root = fileURLToPath(new URL('..', import.meta.url));
// Results the charts are drawn from: kept out of the repository.
const results = mkdtempSync(join(tmpdir(), 'bench-results-'));
const udpJson = join(results, 'udp.json');
const scaleJson = join(results, 'scale.json');

interface Bench {
  title: string;
  file: string;
  args: string[];
  command: string;
}

const benches: Bench[] = [
  { title: 'TCP transfer: the reference vs a bare Node pipe and nc', file: 'bench/tcp-transfer.ts', args: ['--size', quick ? '256' : '1024'], command: 'npx tsx bench/tcp-transfer.ts --size 1024' },
  { title: 'TCP transfer, smaller file', file: 'bench/tcp-transfer.ts', args: ['--size', '256'], command: 'npx tsx bench/tcp-transfer.ts --size 256' },
  { title: 'Reliable UDP: Go-Back-N and Selective Repeat under loss', file: 'bench/udp-transfer.ts', args: [...(quick ? ['--size-mib', '8', '--losses', '0,10'] : ['--losses', '0,1,5,10']), '--json', udpJson], command: 'npx tsx bench/udp-transfer.ts --losses 0,1,5,10' },
  { title: 'Tracker scale: 1,000 to 19,000 logged-in peers, none lost', file: 'bench/tracker-scale.ts', args: [...(quick ? ['--quick'] : []), '--json', scaleJson], command: 'npx tsx bench/tracker-scale.ts' },
  { title: 'Writes per delivered line in a login storm: lines gathered per turn vs one write per line', file: 'bench/write-coalescing.ts', args: quick ? ['--online', '500', '--storm', '500', '--batch', '500'] : ['--online', '2000', '--storm', '1000', '--batch', '1000'], command: 'npx tsx bench/write-coalescing.ts --online 2000 --storm 1000 --batch 1000' },
  { title: 'whohas with 10,000 peers online: the index keyed by name vs one pass over the peers', file: 'bench/whohas-index.ts', args: quick ? ['--peers', '2000', '--files', '2000', '--calls', '500'] : [], command: 'npx tsx bench/whohas-index.ts' },
  { title: 'Room fan-out: one room of 1,000 members, all reading vs 10% not reading (Lab 06)', file: 'bench/room-fanout.ts', args: quick ? ['--members', '200', '--messages', '100'] : [], command: 'npx tsx bench/room-fanout.ts' },
  { title: 'A file through the relay, sealed, vs the same file direct (Lab 06)', file: 'bench/relay-transfer.ts', args: ['--size', quick ? '64' : '256'], command: 'npx tsx bench/relay-transfer.ts --size 256' },
  { title: 'Login throughput at the production scrypt cost', file: 'bench/login-throughput.ts', args: quick ? ['--quick'] : [], command: 'npx tsx bench/login-throughput.ts' },
  { title: 'Direct chat latency between two reference peers', file: 'bench/chat-latency.ts', args: quick ? ['--quick'] : [], command: 'npx tsx bench/chat-latency.ts' },
  { title: 'Tracker under abuse: a good client during a flood, slow senders cut off', file: 'bench/tracker-abuse.ts', args: quick ? ['--quick'] : [], command: 'npx tsx bench/tracker-abuse.ts' },
  { title: 'Grader speed: every lab against its reference', file: 'bench/grade-speed.ts', args: quick ? ['--quick'] : [], command: 'npx tsx bench/grade-speed.ts' },
  { title: 'Grader trust: every reference under many run seeds (false failures)', file: 'bench/reference-seeds.ts', args: ['--seeds', quick ? '1' : '4'], command: 'npx tsx bench/reference-seeds.ts --seeds 4' },
  { title: 'Feedback: watch mode re-checks the failing check first; the overview and hints from stored results', file: 'bench/feedback-speed.ts', args: quick ? ['--labs', '01'] : [], command: 'npx tsx bench/feedback-speed.ts' },
  { title: "Grader tools: the fault proxy's delay, closing the proxies, quitting watch mode", file: 'bench/grader-tools.ts', args: quick ? ['--quick'] : [], command: 'npx tsx bench/grader-tools.ts' },
];

const sections: string[] = [];
for (const bench of quick ? benches.filter((b) => b.title !== 'TCP transfer, smaller file') : benches) {
  process.stderr.write(`running: ${bench.title}\n`);
  const began = performance.now();
  let output: string;
  try {
    output = execFileSync(process.execPath, ['--import', 'tsx', bench.file, ...bench.args], { cwd: root, encoding: 'utf8', timeout: 20 * 60_000, stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (error) {
    output = `**failed:** ${(error as Error).message.split('\n')[0]}`;
  }
  const seconds = ((performance.now() - began) / 1000).toFixed(0);
  sections.push(`## ${bench.title}\n\nMeasured with \`${bench.command}\` (${seconds} s, load average ${loadavg()[0]?.toFixed(1)} after it: the machine is shared).\n\n${output.trim()}\n`);
  process.stdout.write(`\n## ${bench.title}\n${output}\n`);
}

const charts = writeCharts(`${root}/bench`, { udp: udpJson, scale: scaleJson });
rmSync(results, { recursive: true, force: true });
if (charts.length > 0) sections.push(`## Charts\n\n${charts.map((c) => `![${c.title}](${c.file})`).join('\n\n')}\n`);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const report = `# Benchmarks

Regenerated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB,
Node ${process.version}. Figures vary from run to run; compare the ratios, which are measured against
baselines in the same run on the same files.

${sections.join('\n')}`;
writeFileSync(`${root}/bench/REPORT.md`, report);
process.stderr.write('wrote bench/REPORT.md\n');
