// Markdown for a merge-request comment: summary counts, one table of changes, diffs folded in
// <details>. GitLab and GitHub cap comments near 65,536 characters: past the budget the rest is
// cut with a note pointing at the full JSON artifact.
// Every string from the repository or a server goes through escape.ts.
import { htmlText, markdownCode, markdownFence, markdownText } from './escape.ts';
import { plannedNothing, type Report, type ResourceResult } from './model.ts';

export const MARKDOWN_LIMIT = 65_000;

export interface MarkdownOptions {
  /** Where the full report lives (CI artifact path or URL), named in the cut note. */
  artifact?: string;
  limit?: number;
}

const ACTION_SIGN: Record<string, string> = { create: '➕ create', update: '✏️ update', delete: '🗑️ delete', noop: 'noop' };

export function renderMarkdown(reports: Report[], options: MarkdownOptions = {}): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const cutNote = `\n> ✂️ Output cut at ${limit.toLocaleString('en')} characters: see the full report${options.artifact ? ` in ${markdownCode(options.artifact)}` : ' in the JSON report artifact'}.\n`;
  const budget = limit - cutNote.length;
  const blocks: string[] = [];
  for (const report of reports) blocks.push(...reportBlocks(report));
  let out = '';
  for (const block of blocks) {
    if (out.length + block.length > budget) return out + cutNote;
    out += block;
  }
  return out;
}

function reportBlocks(report: Report): string[] {
  const blocks: string[] = [];
  const commit = report.commit ? ` @ ${markdownCode(report.commit.sha.slice(0, 8))} ${markdownText(report.commit.message.split('\n')[0] ?? '')}` : '';
  // A run that failed before planning anything has no counts to give: only its errors.
  const planned = !plannedNothing(report);
  blocks.push(`### geoflux ${report.mode} — ${markdownText(report.platform ?? 'flows')}${commit}\n\n${planned ? `${summaryLine(report)}\n\n` : ''}`);
  for (const error of report.errors) blocks.push(`> ❌ ${markdownText(error)}\n`);
  for (const note of report.notes ?? []) blocks.push(`> ${markdownText(note)}\n`);
  if (report.errors.length || report.notes?.length) blocks.push('\n');
  if (!planned) return blocks;
  if (report.skippedCommits?.length)
    blocks.push(`Skipped commits (--latest): ${report.skippedCommits.map((sha) => markdownCode(sha.slice(0, 8))).join(', ')}\n\n`);
  const changed = report.resources.filter((resource) => resource.action !== 'noop' || (resource.outcome && resource.outcome !== 'unchanged'));
  if (changed.length === 0) {
    blocks.push('No changes.\n\n');
    return blocks;
  }
  const withOutcome = changed.some((resource) => resource.outcome);
  blocks.push(
    withOutcome ? '| Kind | Resource | Action | Outcome | Reason |\n|---|---|---|---|---|\n' : '| Kind | Resource | Action | Reason |\n|---|---|---|---|\n',
  );
  for (const resource of changed) blocks.push(tableRow(resource, withOutcome));
  blocks.push('\n');
  for (const resource of changed) if (resource.diff || resource.error) blocks.push(detailsBlock(resource));
  return blocks;
}

function summaryLine(report: Report): string {
  const s = report.summary;
  const parts = [`**${s.create} to create, ${s.update} to update, ${s.delete} to delete**`, `${s.noop} unchanged`];
  if (s.created + s.updated + s.deleted + s.failed + s.skipped > 0) {
    parts.push(`applied: ${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.failed} failed, ${s.skipped} skipped`);
  }
  if (s.ignored) parts.push(`${s.ignored} ignored differences`);
  const security = report.resources.filter((resource) => resource.security && resource.action !== 'noop').length;
  if (security) parts.push(`🔒 **${security} security-relevant** (access rules, roles): review who gains or loses access`);
  return parts.join(' · ');
}

function tableRow(resource: ResourceResult, withOutcome: boolean): string {
  const name = resource.title ? `${markdownCode(resource.key)} ${markdownText(resource.title)}` : markdownCode(resource.key);
  const reason = markdownText(
    [resource.reason, resource.error, resource.skippedBecause && `skipped because ${resource.skippedBecause} failed`, ...(resource.effects ?? [])]
      .filter(Boolean)
      .join('; '),
  );
  const cells = [`${resource.security ? '🔒 ' : ''}${markdownText(resource.kind)}`, name, ACTION_SIGN[resource.action] ?? markdownText(resource.action)];
  if (withOutcome) cells.push(markdownText(resource.outcome ?? ''));
  cells.push(reason);
  return `| ${cells.join(' | ')} |\n`;
}

function detailsBlock(resource: ResourceResult): string {
  const body = resource.diff || resource.error || '';
  const summary = `${htmlText(resource.kind)} <code>${htmlText(resource.key)}</code> — ${htmlText(resource.action)}${resource.outcome ? ` (${htmlText(resource.outcome)})` : ''}`;
  return `<details><summary>${summary}</summary>\n\n${markdownFence(body, 'diff')}\n</details>\n\n`;
}
