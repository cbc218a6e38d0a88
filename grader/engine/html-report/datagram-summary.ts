// Lab 04's reliable-UDP checks in numbers: how many datagrams of each type went each way, and what the
// lossy relay did to them. The grader's own UDP socket logs every packet it sends and reads; between
// the student's sender and receiver the relay counts every datagram by type (and keeps a window of
// them for the diagram).
import { escapeMarkup } from '#kit/markup/escape.ts';
import type { StepRecord } from '../types.ts';
import type { Timeline } from './timeline.ts';

const TYPES = ['META', 'DATA', 'ACK', 'FIN', 'FIN_ACK', 'other'];
const RELAY_TOTALS = 'what the lossy relay did';

export interface DatagramCounts {
  /** "the grader (as sender) → your receiver" → type → count. */
  ways: Map<string, Map<string, number>>;
  /** The relay's totals per direction, as its step reports them. */
  relay: string[];
}

export function isDatagramCheck(timeline: Timeline, steps: readonly StepRecord[]): boolean {
  return timeline.entries.some((entry) => entry.datagram) || steps.some((step) => step.text === RELAY_TOTALS || step.text.startsWith('the grader put a UDP relay'));
}

export function countDatagrams(timeline: Timeline, steps: readonly StepRecord[]): DatagramCounts {
  const label = (id: string) => timeline.lifelines.find((l) => l.id === id)?.label ?? id;
  const ways = new Map<string, Map<string, number>>();
  for (const entry of timeline.entries) {
    if (!entry.datagram || !entry.route) continue;
    const way = `${label(entry.route.from)} → ${label(entry.route.to)}`;
    const counts = ways.get(way) ?? new Map<string, number>();
    counts.set(entry.datagram, (counts.get(entry.datagram) ?? 0) + 1);
    ways.set(way, counts);
  }
  for (const traffic of timeline.relayed ?? []) {
    for (const [way, label] of [['up', 'sender → receiver, through the relay'], ['down', 'receiver → sender, through the relay']] as const) {
      const counts = new Map(Object.entries(traffic.counts[way]));
      if (counts.size > 0) ways.set(label, counts);
    }
  }
  const relay = steps.filter((step) => step.text === RELAY_TOTALS).flatMap((step) => step.detail);
  return { ways, relay };
}

export function datagramSummaryHtml(counts: DatagramCounts): string {
  const rows = [...counts.ways].map(([way, byType]) => `<tr><th scope="row">${escapeMarkup(way)}</th>${TYPES.map((type) => `<td>${byType.get(type) ?? ''}</td>`).join('')}</tr>`);
  const table = rows.length === 0
    ? '<p>No datagram of this transfer was recorded, only the relay&#39;s totals below. Run both programs with <code>--trace</code> to see every packet.</p>'
    : `<table class="datagrams"><thead><tr><th scope="col">datagrams</th>${TYPES.map((type) => `<th scope="col">${type}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
  const relay = counts.relay.length > 0 ? `<p class="relay">The relay: ${counts.relay.map((line) => escapeMarkup(line)).join(' · ')}</p>` : '';
  return `<section class="datagram-summary"><h4>Datagrams</h4>${table}${relay}</section>`;
}
