// Style packages: a style that draws with an icon next to it in git is sent with it as a zip (the
// SLD and the icon), the icon lands beside the style on GeoServer, a second plan has nothing to do,
// an icon changed on the server drifts (named) and heals, and validate refuses an icon path a
// package cannot carry and warns of one git does not hold.
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runValidate } from '../../reconciler/commands/validate.ts';
import { geoflux } from './cli.ts';
import { exampleRepo, startPlatforms, TWIN_CREDENTIALS, type TestRepo, type TwinPlatforms } from './fixture.ts';
import { reportsIn } from './files.ts';
import { importThenPlan } from './import-plan.ts';

const ICON = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="7" fill="#1565C0"/></svg>\n';
const sld = (href: string) => `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:xlink="http://www.w3.org/1999/xlink">
  <NamedLayer>
    <Name>arrets_transport</Name>
    <UserStyle>
      <Name>arrets_transport</Name>
      <FeatureTypeStyle>
        <Rule>
          <PointSymbolizer>
            <Graphic>
              <ExternalGraphic>
                <OnlineResource xlink:type="simple" xlink:href="${href}"/>
                <Format>image/svg+xml</Format>
              </ExternalGraphic>
              <Size>16</Size>
            </Graphic>
          </PointSymbolizer>
        </Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
`;

let platforms: TwinPlatforms;
let repo: TestRepo;
let stateDir: string;
const options = (extra: Record<string, unknown> = {}) => ({ repo: repo.dir, state: stateDir, env: platforms.env, quiet: true, ...extra });
const auth = () => `Basic ${Buffer.from(`${TWIN_CREDENTIALS.geoserver.user}:${TWIN_CREDENTIALS.geoserver.password}`).toString('base64')}`;

async function icon(platform: keyof TwinPlatforms['twins']): Promise<{ status: number; text: string }> {
  const response = await fetch(`${platforms.twins[platform].geoserver}/rest/resource/styles/arret.svg`, { headers: { authorization: auth() } });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  platforms = await startPlatforms();
  repo = await exampleRepo();
  stateDir = join(repo.dir, '.geoflux-state');
  expect((await geoflux('reconcile', options())).code).toBe(0);
});

afterAll(async () => {
  await platforms?.close();
});

describe('style packages', () => {
  it('a style drawing with an icon in git is sent with it, and the icon lands beside the style', async () => {
    await repo.commit('Bus stops drawn with an icon', async (dir) => {
      await writeFile(join(dir, 'styles/arret.svg'), ICON);
      await writeFile(join(dir, 'styles/arrets_transport.sld'), sld('arret.svg'));
    });
    const run = await geoflux('reconcile', options());
    expect(run.code, run.err).toBe(0);
    const report = (await reportsIn(stateDir)).filter((candidate) => candidate.platform === 'preprod').at(-1)!;
    expect(report.resources.find((resource) => resource.kind === 'style' && resource.key === 'arrets_transport')?.action).toBe('update');
    for (const platform of ['preprod', 'prod', 'public'] as const) expect(await icon(platform)).toEqual({ status: 200, text: ICON });
    expect((await geoflux('plan', options())).code).toBe(0);
  });

  it('an import writes the icon next to the style, and the imported repository plans no style change', async () => {
    const { out, report } = await importThenPlan(platforms, repo.dir, 'preprod', { platform: ['preprod'] });
    expect(await readFile(join(out, 'styles/arret.svg'), 'utf8')).toBe(ICON);
    expect(report.resources.find((resource) => resource.kind === 'style' && resource.key === 'arrets_transport')?.action).toBe('noop');
  });

  it('an icon replaced on the server drifts, named, and --heal sends the package again', async () => {
    const other = ICON.replace('#1565C0', '#C62828');
    const zip = zipSync({ 'arrets_transport.sld': Buffer.from(sld('arret.svg')), 'arret.svg': Buffer.from(other) });
    const response = await fetch(`${platforms.twins.public.geoserver}/rest/styles/arrets_transport`, {
      method: 'PUT',
      headers: { authorization: auth(), 'content-type': 'application/zip' },
      body: zip,
    });
    expect(response.status).toBe(200);
    expect((await geoflux('drift', options({ platform: ['public'] }))).code).toBe(2);
    const diff = (await reportsIn(stateDir)).at(-1)!.resources.find((resource) => resource.key === 'arrets_transport')?.diff ?? '';
    expect(diff).toMatch(/-icon arret\.svg: sha256:[0-9a-f]{64}\n\+icon arret\.svg: sha256:[0-9a-f]{64}/);
    expect((await geoflux('drift', options({ platform: ['public'], heal: true }))).code).toBe(0);
    expect((await icon('public')).text).toBe(ICON);
  });

  it('validate refuses an icon in a sub-folder and warns of an icon git does not hold, at the href', async () => {
    let printed = '';
    const sink = { stdout: { write: (text: string) => (printed += text) }, stderr: { write: (text: string) => (printed += text) } };
    await repo.commit('An icon in a sub-folder', (dir) => writeFile(join(dir, 'styles/arrets_transport.sld'), sld('icons/arret.svg')));
    expect(await runValidate({ repo: repo.dir, env: platforms.env }, sink)).toBe(1);
    expect(printed).toMatch(
      /styles\/arrets_transport\.sld:12:\d+: error InvalidSld: style arrets_transport: icon icons\/arret\.svg: a style package holds icons next to the style only/,
    );
    printed = '';
    await repo.commit('An icon git does not hold', async (dir) => {
      await writeFile(join(dir, 'styles/arrets_transport.sld'), sld('arret.svg'));
      await unlink(join(dir, 'styles/arret.svg'));
    });
    expect(await runValidate({ repo: repo.dir, env: platforms.env }, sink)).toBe(0);
    expect(printed).toMatch(/styles\/arrets_transport\.sld:12:\d+: warning InvalidSld: style arrets_transport: icon arret\.svg is not in git/);
  });

  it('sent only requests the styles and resource specs accept', async () => {
    for (const platform of ['preprod', 'prod', 'public'] as const) {
      const violations = (await (await fetch(`${platforms.twins[platform].url}/__twin/violations`)).json()) as { path: string }[];
      expect(violations.map((v) => JSON.stringify(v))).toEqual([]);
    }
  });
});
