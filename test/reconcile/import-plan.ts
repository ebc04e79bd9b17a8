// The import round trip the kinds' tests share: `geoflux import` of one twin platform into a fresh
// git repository (its secrets' ${VAR}s set to placeholders), then `geoflux plan` of that repository
// against the same twins; the caller checks the plan's report.
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { run as runImport } from '../../reconciler/commands/import.ts';
import type { Report } from '../../reconciler/report/model.ts';
import { geoflux } from './cli.ts';
import type { TwinPlatforms } from './fixture.ts';
import { reportsIn } from './files.ts';

export async function importThenPlan(
  platforms: TwinPlatforms,
  repoDir: string,
  platform: string,
  plan: { platform?: string[] } = {},
): Promise<{ out: string; report: Report }> {
  const out = await mkdtemp(join(tmpdir(), 'geoflux-import-'));
  const imported = { code: 0, out: '', err: '' };
  const sink = { stdout: { write: (text: string) => (imported.out += text) }, stderr: { write: (text: string) => (imported.err += text) } };
  imported.code = await runImport({ out, platform, repo: repoDir, env: platforms.env, json: true, workspace: [], uuid: [] }, sink);
  expect(imported.code, imported.err).toBe(0);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: out, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=Ana', '-c', 'user.email=ana@example.org', 'commit', '-q', '-m', `Import ${platform}`);
  const env = { ...platforms.env };
  for (const variable of JSON.parse(imported.out).variables as { name: string }[]) env[variable.name] ??= 'x';
  const state = await mkdtemp(join(tmpdir(), 'geoflux-import-state-'));
  await geoflux('plan', { repo: out, state, env, quiet: true, ...plan });
  return { out, report: (await reportsIn(state)).at(-1)! };
}
