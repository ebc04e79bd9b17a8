// Every `geoflux …` line in the pipeline templates must be something the real CLI accepts: the
// sub-command exists and each flag is one its --help lists. The templates are the first thing a
// user runs; a renamed flag must fail here, not in their pipeline.
import { describe, expect, it } from 'vitest';
import { resolveCommand } from './cli-help.ts';
import { allInvocations } from './templates.ts';

describe('geoflux invocations in the pipeline templates', () => {
  const invocations = allInvocations();

  it('finds the commands the pipelines are made of', () => {
    const used = new Set(invocations.map((invocation) => invocation.argv.slice(0, 2).join(' ')));
    for (const command of [
      'validate',
      'state pull',
      'state push',
      'reconcile --platform',
      'apply --platform',
      'drift --format',
      'flows run',
      'flows status',
      'site build',
    ]) {
      expect(
        [...used].some((text) => text.startsWith(command)),
        command,
      ).toBe(true);
    }
  });

  it('uses only sub-commands and flags the CLI declares', async () => {
    const problems: string[] = [];
    await Promise.all(
      invocations.map(async ({ file, where, argv, text }) => {
        const { path, help, rest } = await resolveCommand(argv);
        const at = `${file.replace(/^.*desired-state\//, '')} (${where}): ${text}`;
        if (!help.ok || !help.text.includes(`Usage: geoflux ${path.join(' ')}`)) {
          problems.push(`${at}: "geoflux ${path.join(' ')}" is not a command of the CLI`);
          return;
        }
        if (help.subcommands.size > 0) problems.push(`${at}: "geoflux ${path.join(' ')}" needs a sub-command (${[...help.subcommands].join(', ')})`);
        // After "--" (end of options) come arguments only, e.g. a flow name typed in a form.
        const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
        for (const word of options) {
          if (!word.startsWith('-')) continue;
          const flag = word.split('=')[0]!;
          if (!help.options.has(flag)) problems.push(`${at}: ${flag} is not an option of "geoflux ${path.join(' ')}"`);
        }
      }),
    );
    expect(problems.sort()).toEqual([]);
  });
});
