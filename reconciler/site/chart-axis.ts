// The time axis of the site's charts: tick labels in the page's language (UTC, as every date on the
// site), and each commit marked where its first report of the chart starts.
import type { ChartMarker, TimeAxis } from './chart.ts';
import type { ReportDigest } from './digest.ts';
import { messages, type Language } from './i18n.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function timeFormatter(language: Language): (time: number, span: number) => string {
  const locale = messages(language).language;
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const hour = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const second = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC' });
  return (time, span) => {
    if (span === 0) return `${day.format(time)} ${hour.format(time)}`;
    if (span < HOUR_MS) return second.format(time);
    return span < 2 * DAY_MS ? hour.format(time) : day.format(time);
  };
}

/** The first report of each commit among `reports` (oldest first), as a marker. */
export function commitMarkers(reports: Pick<ReportDigest, 'started' | 'commit'>[]): ChartMarker[] {
  const seen = new Set<string>();
  const markers: ChartMarker[] = [];
  for (const report of reports) {
    if (!report.commit || seen.has(report.commit.sha)) continue;
    seen.add(report.commit.sha);
    const sha = report.commit.sha.slice(0, 7);
    markers.push({ time: Date.parse(report.started), label: sha, title: `${sha} ${report.commit.message.split('\n')[0]} (${report.commit.author})` });
  }
  return markers;
}

export function reportAxis(reports: Pick<ReportDigest, 'started' | 'commit'>[], language: Language): TimeAxis {
  return { times: reports.map((report) => Date.parse(report.started)), format: timeFormatter(language), markers: commitMarkers(reports) };
}
