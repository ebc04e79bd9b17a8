// What a newcomer meets first in the CLI: --version, a typo (the suggestion and one line pointing at
// --help, not the whole help), and a machine problem said in one line rather than as a bug.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../reconciler/paths.ts';

const geoflux = (...args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot(), 'bin/geoflux.js'), ...args], { encoding: 'utf8', cwd: projectRoot(), timeout: 60_000 });

describe('geoflux CLI', () => {
  it('prints its version from package.json with --version and -V', () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = geoflux(flag);
      expect(run.stdout).toBe(`geoflux ${version}\n`);
      expect(run.status).toBe(0);
    }
  });

  it('answers a typo with the suggestion and one line pointing at the help of the command concerned', () => {
    const command = geoflux('plna');
    expect(command.stderr).toBe("error: unknown command 'plna'\n(Did you mean plan?)\nRun 'geoflux --help' for usage.\n");
    expect(command.stdout).toBe('');
    expect(command.status).toBe(1);

    const option = geoflux('plan', '--platfrom', 'prod');
    expect(option.stderr).toBe("error: unknown option '--platfrom'\n(Did you mean --platform?)\nRun 'geoflux plan --help' for usage.\n");
    expect(option.status).toBe(1);

    const nested = geoflux('flows', 'stauts');
    expect(nested.stderr).toBe("error: unknown command 'stauts'\n(Did you mean status?)\nRun 'geoflux flows --help' for usage.\n");
    const missing = geoflux('import');
    expect(missing.stderr).toBe("error: required option '--out <dir>' not specified\nRun 'geoflux import --help' for usage.\n");
  });

  it('says a port already in use in one line, not as an internal error', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = spawnSync(process.execPath, [join(projectRoot(), 'bin/geoflux.js'), 'twins', '--port', String(port), '--geonature-rows', '10'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe(`geoflux: port ${port} on 127.0.0.1 is already in use: stop what listens there or choose another --port\n`);
      expect(run.status).toBe(1);
    } finally {
      taken.close();
    }
  });
});
