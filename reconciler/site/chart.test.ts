import { describe, expect, it } from 'vitest';
import { commitMarkers, timeFormatter } from './chart-axis.ts';
import { barChart, lineChart, valueTicks } from './chart.ts';

const text = { id: 'c', title: 'Pending <changes>', description: 'd' };
const day = 86_400_000;

describe('charts', () => {
  it('tick whole counts at whole numbers, at most five ticks, the top one at or above the maximum', () => {
    expect(valueTicks(1, true)).toEqual([0, 1]);
    expect(valueTicks(0, true)).toEqual([0, 1]);
    expect(valueTicks(3, true)).toEqual([0, 1, 2, 3]);
    expect(valueTicks(15, true)).toEqual([0, 5, 10, 15]);
    expect(valueTicks(20_000, true)).toEqual([0, 5000, 10000, 15000, 20000]);
    expect(valueTicks(0.8, false)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('mark each commit once on a real time axis, with its message as title, focusable', () => {
    const reports = [
      { started: new Date(0).toISOString(), commit: { sha: 'aaaaaaa1', author: 'Ana', date: '', message: 'First <b>\nbody' } },
      { started: new Date(day).toISOString(), commit: { sha: 'aaaaaaa1', author: 'Ana', date: '', message: 'First <b>\nbody' } },
      { started: new Date(3 * day).toISOString(), commit: { sha: 'bbbbbbb2', author: 'Léo', date: '', message: 'Second' } },
    ];
    const markers = commitMarkers(reports);
    expect(markers.map((marker) => marker.title)).toEqual(['aaaaaaa First <b> (Ana)', 'bbbbbbb Second (Léo)']);
    const svg = lineChart(text, [{ label: 'pending', values: [0, 1, 0], colour: '#000' }], {
      times: reports.map((report) => Date.parse(report.started)),
      format: timeFormatter('en'),
      markers,
    });
    expect(svg.match(/class="marker" tabindex="0"/g)).toHaveLength(2);
    expect(svg).toContain('<title>aaaaaaa First &lt;b&gt; (Ana)</title>');
    expect(svg).toContain('<title id="c-title">Pending &lt;changes&gt;</title>');
    // the second commit's first report is the last one: its mark is at the end of the axis
    expect(svg).toMatch(/<line x1="386\.0" x2="386\.0"/);
    expect(svg).not.toContain('>0.5<');
    expect(svg).toContain('>1 Jan<');
  });

  it('label bars with their value while they are few, and never draw a bar wider than a few characters', () => {
    const svg = barChart(text, { label: 'rows', values: [20_000], colour: '#000' }, { times: [0], format: timeFormatter('fr') });
    expect(svg).toContain('class="value">20k</text>');
    expect(svg).toMatch(/width="36\.0"/);
  });
});
