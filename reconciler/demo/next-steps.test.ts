import { describe, expect, it } from 'vitest';
import { demoSummary, shellWord } from './next-steps.ts';

const places = {
  projectRoot: '/src/geoflux',
  repo: '/tmp/geoflux-demo-1/repo',
  stateDir: '/tmp/geoflux-demo-1/repo/.geoflux',
  siteDir: '/tmp/geoflux-demo-1/repo/.geoflux/site',
};

describe('demoSummary', () => {
  it('once the twins have stopped: where things are and the commands that need no server', () => {
    expect(demoSummary(places, { serving: false, env: {}, seconds: 21.04 })).toEqual([
      'demo done in 21.0 s',
      '  repository  /tmp/geoflux-demo-1/repo  (the example desired state replayed as 4 commits)',
      "  state       /tmp/geoflux-demo-1/repo/.geoflux  (run reports, per-platform state, the flows' PGlite database)",
      '  site        /tmp/geoflux-demo-1/repo/.geoflux/site',
      '',
      'Next (the twins have stopped: README "Try it against the twins" starts them again):',
      '  cd /src/geoflux',
      '  npx geoflux flows status --repo /tmp/geoflux-demo-1/repo               # the two flows: last run, rows, next run',
      '  npx geoflux validate --repo /tmp/geoflux-demo-1/repo                   # the desired state, file by file',
      '  npx geoflux site preview --out /tmp/geoflux-demo-1/repo/.geoflux/site  # serves the site on http://127.0.0.1:4321/',
    ]);
  });

  it('while serving: plan and drift against the twins, with the URLs of twins off their default port', () => {
    const lines = demoSummary(
      { ...places, repo: "/tmp/my demo's/repo" },
      { serving: true, env: { PROD_GEOSERVER_URL: 'http://127.0.0.1:40001/geoserver' }, seconds: 3 },
    );
    expect(lines.slice(5, 8)).toEqual([
      'Next, in another terminal (the twins and the site keep running here until Ctrl+C):',
      '  cd /src/geoflux',
      '  export PROD_GEOSERVER_URL=http://127.0.0.1:40001/geoserver',
    ]);
    expect(lines.slice(8).map((line) => line.split(/\s+#/)[0])).toEqual([
      "  npx geoflux flows status --repo '/tmp/my demo'\\''s/repo'",
      "  npx geoflux plan --repo '/tmp/my demo'\\''s/repo' --platform preprod",
      "  npx geoflux drift --repo '/tmp/my demo'\\''s/repo' --platform preprod --heal",
      "  npx geoflux validate --repo '/tmp/my demo'\\''s/repo'",
    ]);
  });

  it('quotes a word only when the shell would change it', () => {
    expect(shellWord('/tmp/a-b_c.d/e')).toBe('/tmp/a-b_c.d/e');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord('$HOME')).toBe("'$HOME'");
  });
});
