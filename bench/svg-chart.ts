// A tiny line chart as an SVG string, with no dependency: axes with a few ticks, one polyline and a
// legend entry per series. Enough to show how a figure grows, not a plotting library.

export interface Series {
  name: string;
  points: Array<[x: number, y: number]>;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  width?: number;
  height?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const MARGIN = { left: 64, right: 16, top: 36, bottom: 48 };

/** Text is escaped: series names come from benchmark output, never trusted as markup. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** About five round tick values covering [min, max]. */
export function ticks(min: number, max: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max === min) return [min];
  const raw = (max - min) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step / 1e6 && out.length < 20; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

const label = (n: number) => (Math.abs(n) >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(Number(n.toPrecision(4))));

export function lineChart({ title, xLabel, yLabel, series, width = 640, height = 360 }: ChartOptions): string {
  const points = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const xMin = Math.min(...xs, Infinity) === Infinity ? 0 : Math.min(...xs);
  const xMax = xs.length ? Math.max(...xs) : 1;
  const yMax = ys.length ? Math.max(...ys, 0) : 1;
  const yMin = Math.min(0, ...ys);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + (xMax === xMin ? plotW / 2 : ((x - xMin) / (xMax - xMin)) * plotW);
  const sy = (y: number) => MARGIN.top + plotH - (yMax === yMin ? plotH / 2 : ((y - yMin) / (yMax - yMin)) * plotH);
  const f = (n: number) => n.toFixed(1);
  // The legend goes under the chart, one line per series, so it never hides a line or cuts a name.
  const LEGEND_LINE = 16;
  const fullHeight = height + series.length * LEGEND_LINE + 6;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${fullHeight}" viewBox="0 0 ${width} ${fullHeight}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${fullHeight}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${MARGIN.left + plotW}" y2="${MARGIN.top + plotH}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotH}" stroke="black"/>`,
    ...ticks(xMin, xMax).map((t) => `<text x="${f(sx(t))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${label(t)}</text>`),
    ...ticks(yMin, yMax).map((t) => `<line x1="${MARGIN.left}" y1="${f(sy(t))}" x2="${MARGIN.left + plotW}" y2="${f(sy(t))}" stroke="#ddd"/><text x="${MARGIN.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${label(t)}</text>`),
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text x="14" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})">${escapeXml(yLabel)}</text>`,
  ];
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] ?? 'black';
    const good = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${good.map(([x, y]) => `${f(sx(x))},${f(sy(y))}`).join(' ')}"/>`);
    for (const [x, y] of good) parts.push(`<circle cx="${f(sx(x))}" cy="${f(sy(y))}" r="3" fill="${color}"/>`);
    const ly = height + LEGEND_LINE * i;
    parts.push(`<rect x="${MARGIN.left}" y="${ly}" width="10" height="10" fill="${color}"/><text x="${MARGIN.left + 15}" y="${ly + 9}">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
