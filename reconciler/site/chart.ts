// Inline SVG charts drawn at build time (no client script). Each chart names itself with
// <title>/<desc>; the legend is HTML beside it (it wraps instead of overlapping), and the page also
// gives the data as a table. Sized for a phone first: the drawing is narrow, so its text stays
// legible when a 390 px screen shows it at full width. Counts get whole-number ticks; the time
// axis is real time, with each commit marked (its message on hover and on keyboard focus).
import { escapeXml } from './badge.ts';

export interface ChartSeries {
  label: string;
  /** One value per point of the chart's time axis. */
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

/** A moment marked on the time axis: a commit. */
export interface ChartMarker {
  time: number;
  /** Short text drawn when the marker is hovered or focused (the commit's sha). */
  label: string;
  /** The whole text: sha and message. */
  title: string;
}

export interface TimeAxis {
  /** Milliseconds, one per point, ascending. */
  times: number[];
  /** Tick label of a time; `span` is the axis' whole span in milliseconds. */
  format(time: number, span: number): string;
  markers?: ChartMarker[];
}

const WIDTH = 400;
const HEIGHT = 200;
const MARGIN = { top: 14, right: 14, bottom: 34, left: 40 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

/** Ticks for a value axis: whole numbers when every value is whole, at most five, the top one ≥ the maximum. */
export function valueTicks(maximum: number, whole: boolean): number[] {
  const top = Math.max(maximum, whole ? 1 : Number.EPSILON);
  const rough = top / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  let step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  if (whole) step = Math.max(1, Math.ceil(step));
  const ticks: number[] = [];
  for (let value = 0; ticks.length === 0 || ticks.at(-1)! < top; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

export function formatTick(value: number): string {
  if (value >= 1_000_000) return `${+(value / 1_000_000).toFixed(1)}M`;
  if (value >= 1_000) return `${+(value / 1_000).toFixed(1)}k`;
  return String(+value.toFixed(2));
}

function frame(text: ChartText, ticks: number[], axis: TimeAxis, x: (time: number) => number, body: string[]): string {
  const top = ticks.at(-1)!;
  const y = (value: number) => MARGIN.top + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT;
  const grid = ticks.map(
    (value) =>
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" class="grid"/><text x="${MARGIN.left - 5}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${formatTick(value)}</text>`,
  );
  const { times } = axis;
  const span = times.length > 1 ? times.at(-1)! - times[0]! : 0;
  // The axis' start, middle and end: labels that cannot collide at this width.
  const at = times.length === 0 ? [] : span === 0 ? [times[0]!] : [times[0]!, times[0]! + span / 2, times.at(-1)!];
  const anchors = at.length === 1 ? ['middle'] : ['start', 'middle', 'end'];
  const xLabels = at.map(
    (time, index) =>
      `<text x="${x(time).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="${anchors[index]}">${escapeXml(axis.format(time, span))}</text>`,
  );
  const markers = (axis.markers ?? []).map((marker) => {
    const at = x(marker.time).toFixed(1);
    const bottom = HEIGHT - MARGIN.bottom;
    return `<g class="marker" tabindex="0" role="img" aria-label="${escapeXml(marker.title)}"><title>${escapeXml(marker.title)}</title><line x1="${at}" x2="${at}" y1="${MARGIN.top}" y2="${bottom}" class="commit"/><path d="M${at} ${MARGIN.top}l-4 -8h8z" class="commit-mark"/><rect x="${Number(at) - 6}" y="${MARGIN.top - 8}" width="12" height="${bottom - MARGIN.top + 8}" fill="transparent"/><text x="${at}" y="${HEIGHT - 4}" text-anchor="${Number(at) > WIDTH - 40 ? 'end' : Number(at) < 40 ? 'start' : 'middle'}" class="marker-label">${escapeXml(marker.label)}</text></g>`;
  });
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${text.id}-title ${text.id}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${text.id}-title">${escapeXml(text.title)}</title>`,
    `<desc id="${text.id}-desc">${escapeXml(text.description)}</desc>`,
    ...grid,
    ...markers,
    ...body,
    ...xLabels,
    `</svg>`,
  ].join('');
}

function timeScale(times: number[]): (time: number) => number {
  const [first, last] = [times[0] ?? 0, times.at(-1) ?? 0];
  return (time) => MARGIN.left + (last === first ? PLOT_WIDTH / 2 : ((time - first) / (last - first)) * PLOT_WIDTH);
}

const isWhole = (values: number[]) => values.every((value) => Number.isInteger(value));

/** One line per series over real time; a point per run (dots while they stay few enough to tell apart). */
export function lineChart(text: ChartText, series: ChartSeries[], axis: TimeAxis): string {
  const values = series.flatMap((s) => s.values);
  const ticks = valueTicks(Math.max(0, ...values), isWhole(values));
  const top = ticks.at(-1)!;
  const x = timeScale(axis.times);
  const y = (value: number) => MARGIN.top + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT;
  const body = series.map((s) => {
    const points = s.values.map((value, index) => `${x(axis.times[index]!).toFixed(1)},${y(value).toFixed(1)}`);
    const dots =
      s.values.length <= 60
        ? s.values.map((value, index) => `<circle cx="${x(axis.times[index]!).toFixed(1)}" cy="${y(value).toFixed(1)}" r="2.5" fill="${s.colour}"/>`).join('')
        : '';
    return `<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${points.join(' ')}"/>${dots}`;
  });
  return frame(text, ticks, axis, x, body);
}

/** One bar per run, evenly spaced (runs follow a schedule), each labelled with its value while there is room. */
export function barChart(text: ChartText, series: ChartSeries, axis: TimeAxis): string {
  const ticks = valueTicks(Math.max(0, ...series.values), isWhole(series.values));
  const top = ticks.at(-1)!;
  const count = Math.max(1, series.values.length);
  const slot = PLOT_WIDTH / count;
  const barWidth = Math.min(36, Math.max(1, slot * 0.7));
  const centre = (index: number) => MARGIN.left + index * slot + slot / 2;
  const byTime = new Map(axis.times.map((time, index) => [time, index]));
  const x = (time: number) => centre(byTime.get(time) ?? 0);
  const body = series.values.map((value, index) => {
    const height = (value / top) * PLOT_HEIGHT;
    const barTop = MARGIN.top + PLOT_HEIGHT - height;
    const label =
      count <= 12 ? `<text x="${centre(index).toFixed(1)}" y="${(barTop - 3).toFixed(1)}" text-anchor="middle" class="value">${formatTick(value)}</text>` : '';
    return `<rect x="${(centre(index) - barWidth / 2).toFixed(1)}" y="${barTop.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${series.colour}"/>${label}`;
  });
  return frame(text, ticks, axis, x, body);
}

/** Bars side by side per category (a workspace), one per series (layers, records), each labelled with its value. */
export function groupedBarChart(text: ChartText, categories: string[], series: ChartSeries[]): string {
  const values = series.flatMap((s) => s.values);
  const ticks = valueTicks(Math.max(0, ...values), isWhole(values));
  const top = ticks.at(-1)!;
  const y = (value: number) => MARGIN.top + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT;
  const slot = PLOT_WIDTH / Math.max(1, categories.length);
  const barWidth = Math.min(28, (slot * 0.8) / Math.max(1, series.length));
  const grid = ticks.map(
    (value) =>
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" class="grid"/><text x="${MARGIN.left - 5}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${formatTick(value)}</text>`,
  );
  const bars = categories.flatMap((category, index) => {
    const centre = MARGIN.left + index * slot + slot / 2;
    const left = centre - (barWidth * series.length) / 2;
    return [
      ...series.map((s, position) => {
        const value = s.values[index] ?? 0;
        const x = left + position * barWidth;
        return `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(MARGIN.top + PLOT_HEIGHT - y(value)).toFixed(1)}" fill="${s.colour}"${s.dash ? ` stroke="#1f2328" stroke-dasharray="${s.dash}"` : ''}><title>${escapeXml(`${category} — ${s.label}: ${value}`)}</title></rect><text x="${(x + barWidth / 2 - 1).toFixed(1)}" y="${(y(value) - 3).toFixed(1)}" text-anchor="middle" class="value">${formatTick(value)}</text>`;
      }),
      `<text x="${centre.toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="middle">${escapeXml(category)}</text>`,
    ];
  });
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${text.id}-title ${text.id}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${text.id}-title">${escapeXml(text.title)}</title>`,
    `<desc id="${text.id}-desc">${escapeXml(text.description)}</desc>`,
    ...grid,
    ...bars,
    `</svg>`,
  ].join('');
}
