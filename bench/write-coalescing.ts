// How many write(2) calls the tracker makes per line it delivers, during a login storm while many
// peers are online (issue: one write per line made the kernel, not the JSON, the cost at scale).
// The same storm runs twice in this run: against the reference tracker as shipped (lines gathered
// per connection and turn of the event loop, kit/tracker/line-batch.ts) and with SIC_UNBATCHED=1 (one
// write per line, the baseline). The kernel counts the tracker's write-like system calls
// (/proc/PID/io syscw, every thread) during the storm only; the load generators count the lines that
// arrived (the storm's replies and presence pushes, and the marker that shows they all arrived).
//
//   npx tsx bench/write-coalescing.ts [--online 1000] [--storm 1000] [--batch 200] [--json FILE]
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UNBATCHED_ENV } from '../kit/tracker/line-batch.ts';
import { commandLine } from './bench-tools.ts';
import { LoadFleet } from './scale-fleet.ts';
import { startReferenceTracker } from './tracker-probe.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = commandLine();
const online = args.number('online', 1000);
const storm = args.number('storm', 1000);
const batch = args.number('batch', 200);
const jsonFile = args.text('json');

interface Run {
  label: string;
  writes: number;
  lines: number;
  loginsPerSecond: number;
}

/** The process's count of write-like system calls so far (Linux /proc/PID/io, all its threads). */
async function writeCalls(pid: number): Promise<number> {
  const io = await readFile(`/proc/${pid}/io`, 'utf8');
  return Number(/^syscw:\s*(\d+)/m.exec(io)?.[1] ?? NaN);
}

async function oneRun(label: string, env: Record<string, string>): Promise<Run> {
  const tracker = await startReferenceTracker(root, ['--scrypt-n', '1024', '--heartbeat-timeout', '86400000', '--idle-timeout', '600000', '--max-per-ip', '30000'], [], env);
  const fleet = await LoadFleet.start(root, tracker.port, online + storm);
  try {
    await fleet.grow(online, batch);
    const before = (await fleet.marker('settled')).lines;
    const writesBefore = await writeCalls(tracker.pid);
    const ms = await fleet.grow(online + storm, batch);
    const after = (await fleet.marker('stormed')).lines;
    const writes = (await writeCalls(tracker.pid)) - writesBefore;
    fleet.check();
    return { label, writes, lines: after - before, loginsPerSecond: (storm * 1000) / ms };
  } finally {
    fleet.stop();
    await tracker.stop();
  }
}

{
  const runs = [await oneRun('one write per line (SIC_UNBATCHED=1)', { [UNBATCHED_ENV]: '1' }), await oneRun('lines gathered per turn (as shipped)', {})];
  const [base, shipped] = runs as [Run, Run];
  const rows = runs.map((r) => `| ${r.label} | ${r.writes} | ${r.lines} | ${(r.writes / r.lines).toFixed(3)} | ${r.loginsPerSecond.toFixed(0)} |`);
  const ratio = shipped.writes / shipped.lines;
  process.stdout.write(
    [
      `Login storm: ${storm} logins, ${batch} at a time, while ${online} are online (reference tracker, --scrypt-n 1024).`,
      '',
      '| tracker | write calls | lines delivered | writes per line | logins/s |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `Writes per delivered line: ${ratio.toFixed(3)}, ${(base.writes / base.lines / ratio).toFixed(1)}× fewer than one write per line. Target ≤ 0.1: ${ratio <= 0.1 ? '✓ met' : '✗ MISSED'}.`,
      '',
    ].join('\n'),
  );
  if (jsonFile) await writeFile(jsonFile, JSON.stringify({ runs }, null, 2));
}
