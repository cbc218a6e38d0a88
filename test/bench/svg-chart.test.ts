// The benchmark chart writer: well-formed, escaped, and every point inside the picture.
import { describe, expect, it } from 'vitest';
import { escapeXml, lineChart, ticks } from '../../bench/svg-chart.ts';

const chart = (series: Parameters<typeof lineChart>[0]['series']) => lineChart({ title: 'T', xLabel: 'x', yLabel: 'y', series, width: 400, height: 300 });

describe('lineChart', () => {
  it('writes one svg with a polyline and a legend entry per series', () => {
    const svg = chart([{ name: 'a', points: [[0, 1], [10, 5]] }, { name: 'b', points: [[0, 2], [10, 3]] }]);
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('>a</text>');
  });

  it('escapes every text it is given', () => {
    const svg = chart([{ name: '<script>&"', points: [[1, 1]] }]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;&amp;&quot;');
    expect(escapeXml("'")).toBe('&apos;');
  });

  it('keeps every point inside the picture, even a single one or none', () => {
    for (const series of [[{ name: 's', points: [[5, 5]] as Array<[number, number]> }], [{ name: 'e', points: [] }], []]) {
      const svg = chart(series);
      for (const [, cx, cy] of svg.matchAll(/cx="([-\d.]+)" cy="([-\d.]+)"/g)) {
        expect(Number(cx)).toBeGreaterThanOrEqual(0);
        expect(Number(cx)).toBeLessThanOrEqual(400);
        expect(Number(cy)).toBeGreaterThanOrEqual(0);
        expect(Number(cy)).toBeLessThanOrEqual(300);
      }
      expect(svg).not.toContain('NaN');
      expect(svg).not.toContain('Infinity');
    }
  });

  it('drops points that are not finite numbers', () => {
    expect(chart([{ name: 'n', points: [[1, Number.NaN], [2, 3]] }])).not.toContain('NaN');
  });
});

describe('ticks', () => {
  it('gives a few round values covering the range', () => {
    expect(ticks(0, 10_000)).toEqual([0, 2000, 4000, 6000, 8000, 10000]);
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(3, 3)).toEqual([3]);
    expect(ticks(0, 7).length).toBeLessThanOrEqual(20);
  });
});
