// Terminal rendering of run reports: one summary line per platform, one line per change, diffs
// unless quiet. Quiet still names what a reviewer must not miss: security-relevant changes and what
// the run also did (tiles truncated).
import { terminalText } from './escape.ts';
import type { Report, ResourceResult } from './model.ts';

const SIGN: Record<string, string> = { create: '+', update: '~', delete: '-', noop: '=' };

export function renderText(reports: Report[], options: { quiet?: boolean; diffs?: boolean } = {}): string {
  const lines: string[] = [];
  for (const report of reports) {
    const s = report.summary;
    const commit = report.commit ? ` ${report.commit.sha.slice(0, 8)} ${report.commit.message.split('\n')[0]}` : '';
    lines.push(`${report.mode} ${report.platform ?? ''}${commit}`);
    for (const error of report.errors) lines.push(`  error: ${error}`);
    for (const note of report.notes ?? []) lines.push(`  ${note}`);
    if (report.skippedCommits?.length) lines.push(`  skipped commits (--latest): ${report.skippedCommits.map((sha) => sha.slice(0, 8)).join(' ')}`);
    const applied = report.resources.some((resource) => resource.outcome);
    for (const resource of report.resources) {
      if (resource.action === 'noop' && (!resource.outcome || resource.outcome === 'unchanged') && !resource.effects?.length) continue;
      if (options.quiet && !securityRelevant(resource) && !resource.effects?.length) continue;
      lines.push(`  ${resourceLine(resource)}`);
      if (options.diffs && resource.diff) lines.push(indent(resource.diff));
    }
    const security = report.resources.filter(securityRelevant).length;
    const counts = `${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.noop} unchanged${security ? ` (${security} security-relevant)` : ''}`;
    lines.push(
      applied
        ? `  ${counts}; ${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.failed} failed, ${s.skipped} skipped`
        : `  ${counts}${s.ignored ? `, ${s.ignored} ignored differences` : ''}`,
    );
  }
  return `${terminalText(lines.join('\n'))}\n`;
}

function resourceLine(resource: ResourceResult): string {
  const effects = resource.effects?.length ? `; ${resource.effects.join('; ')}` : '';
  return `${outcomeLine(resource)}${effects}`;
}

function securityRelevant(resource: ResourceResult): boolean {
  return !!resource.security && resource.action !== 'noop';
}

function outcomeLine(resource: ResourceResult): string {
  const security = securityRelevant(resource) ? ' [security-relevant]' : '';
  const head = `${SIGN[resource.action] ?? '?'} ${resource.kind} ${resource.key}${security}`;
  if (resource.outcome === 'failed') return `${head}: FAILED: ${resource.error ?? 'unknown error'}`;
  if (resource.outcome === 'skipped') return `${head}: skipped (${resource.skippedBecause} failed)`;
  if (resource.outcome) return `${head}: ${resource.outcome}`;
  return `${head} (${resource.reason ?? resource.action})`;
}

function indent(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}
