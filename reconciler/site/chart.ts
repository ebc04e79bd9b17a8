// Inline SVG charts drawn at build time (no client script). Each chart names itself with
// <title>/<desc>; the page also gives the data as a table for people who cannot see it.
import { escapeXml } from './badge.ts';

export interface ChartSeries {
  label: string;
  values: number[];
  colour: string;
  /** Dash pattern so series differ by more than colour. */
  dash?: string;
}

export interface ChartText {
  id: string;
  title: string;
  description: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 48 };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function frame(text: ChartText, body: string[], max: number, legend: { label: string; colour: string; dash?: string }[], xLabels: [string, string]): string {
  const plotBottom = HEIGHT - MARGIN.bottom;
  const ticks = [0, max / 2, max].map((value) => {
    const y = plotBottom - (value / max) * (plotBottom - MARGIN.top);
    return `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" class="grid"/><text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${formatTick(value)}</text>`;
  });
  const legendItems = legend.map((item, index) => {
    const x = MARGIN.left + index * 150;
    return `<g transform="translate(${x},${HEIGHT - 8})"><line x1="0" x2="18" y1="-4" y2="-4" stroke="${item.colour}" stroke-width="3"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''}/><text x="24" y="0">${escapeXml(item.label)}</text></g>`;
  });
  const [first, last] = xLabels.map(escapeXml);
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT + 14}" role="img" aria-labelledby="${text.id}-title ${text.id}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${text.id}-title">${escapeXml(text.title)}</title>`,
    `<desc id="${text.id}-desc">${escapeXml(text.description)}</desc>`,
    ...ticks,
    ...body,
    `<text x="${MARGIN.left}" y="${HEIGHT - MARGIN.bottom + 14}">${first}</text>`,
    `<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="end">${last}</text>`,
    `<g transform="translate(0,14)">${legendItems.join('')}</g>`,
    `</svg>`,
  ].join('');
}

function formatTick(value: number): string {
  if (value >= 1_000_000) return `${+(value / 1_000_000).toFixed(1)}M`;
  if (value >= 1_000) return `${+(value / 1_000).toFixed(1)}k`;
  return String(+value.toFixed(1));
}

/** One polyline per series over the same x positions (runs, oldest first). */
export function lineChart(text: ChartText, series: ChartSeries[], xLabels: [string, string]): string {
  const points = Math.max(0, ...series.map((s) => s.values.length));
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (index: number) => MARGIN.left + (points <= 1 ? plotWidth / 2 : (index / (points - 1)) * plotWidth);
  const y = (value: number) => MARGIN.top + plotHeight - (value / max) * plotHeight;
  const body = series.map((s) => {
    const coordinates = s.values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`);
    const dots =
      s.values.length <= 60
        ? s.values.map((value, index) => `<circle cx="${x(index).toFixed(1)}" cy="${y(value).toFixed(1)}" r="2.5" fill="${s.colour}"/>`).join('')
        : '';
    return `<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${coordinates.join(' ')}"/>${dots}`;
  });
  return frame(text, body, max, series, xLabels);
}

/** One bar per run. */
export function barChart(text: ChartText, label: string, values: number[], colour: string, xLabels: [string, string]): string {
  const max = niceMax(Math.max(0, ...values));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(1, values.length);
  const barWidth = Math.max(1, slot * 0.7);
  const body = values.map((value, index) => {
    const height = (value / max) * plotHeight;
    return `<rect x="${(MARGIN.left + index * slot + (slot - barWidth) / 2).toFixed(1)}" y="${(MARGIN.top + plotHeight - height).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${colour}"/>`;
  });
  return frame(text, body, max, [{ label, colour }], xLabels);
}
