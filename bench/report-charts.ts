// Turns the JSON results of bench/udp-transfer.ts and bench/tracker-scale.ts into SVG charts next
// to bench/REPORT.md; bench/run.ts calls it and links what it wrote. Alone:
//   npx tsx bench/report-charts.ts [--udp FILE] [--scale FILE]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine } from './bench-tools.ts';
import { lineChart, type Series } from './svg-chart.ts';

interface UdpResults {
  rows: Array<{ what: string; loss: string; bytes: number; ms: number | undefined }>;
}
interface ScaleResults {
  stages: Array<{ peers: number; rssBytes: number; rosterP50: number; lookupP99: number; joinLookupP99: number; fanoutLast: number }>;
}

/** Writes the charts it has data for into `dir`; returns their file names and titles. */
export function writeCharts(dir: string, files: { udp?: string; scale?: string }): Array<{ file: string; title: string }> {
  const written: Array<{ file: string; title: string }> = [];
  const save = (file: string, title: string, svg: string) => {
    writeFileSync(join(dir, file), svg);
    written.push({ file, title });
  };
  if (files.udp && existsSync(files.udp)) {
    const { rows } = JSON.parse(readFileSync(files.udp, 'utf8')) as UdpResults;
    const series = (what: string): Series => ({
      name: what,
      points: rows.filter((r) => r.what === what && r.ms).map((r) => [Number.parseFloat(r.loss), r.bytes / 1e6 / ((r.ms ?? 1) / 1000)]),
    });
    const title = 'Reliable UDP: throughput vs loss';
    save('udp-throughput.svg', title, lineChart({ title, xLabel: 'loss each way (%)', yLabel: 'MB/s', series: [series('UDP Go-Back-N'), series('UDP Selective Repeat')] }));
  }
  if (files.scale && existsSync(files.scale)) {
    const { stages } = JSON.parse(readFileSync(files.scale, 'utf8')) as ScaleResults;
    const by = (name: string, y: (s: ScaleResults['stages'][number]) => number): Series => ({ name, points: stages.map((s) => [s.peers, y(s)]) });
    const latency = 'Tracker: latency vs logged-in peers';
    save('scale-latency.svg', latency, lineChart({
      title: latency, xLabel: 'logged-in peers', yLabel: 'ms',
      series: [by('roster, all pages, p50', (s) => s.rosterP50), by('lookup p99', (s) => s.lookupP99), by('lookup p99 while a login fans out', (s) => s.joinLookupP99), by('presence fan-out, last', (s) => s.fanoutLast)],
    }));
    const memory = 'Tracker: memory vs logged-in peers';
    save('scale-memory.svg', memory, lineChart({ title: memory, xLabel: 'logged-in peers', yLabel: 'RSS (MiB)', series: [by('tracker RSS', (s) => s.rssBytes / 2 ** 20)] }));
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { text: value } = commandLine();
  const dir = fileURLToPath(new URL('.', import.meta.url));
  for (const { file } of writeCharts(dir, { udp: value('udp'), scale: value('scale') })) process.stdout.write(`wrote bench/${file}\n`);
}
