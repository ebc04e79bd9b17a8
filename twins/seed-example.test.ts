// Seeding the twins from the example repository (desired-state/) through the control API gives, for each
// platform, what docs/format.md says geoflux publishes there: layers chosen by their selectors, the styles they
// use (tagged or not), {{vars}} and the platform's XSLT applied to records.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { execFileSync } from 'node:child_process';
import { startTwins, type RunningTwins } from './server.ts';

const example = fileURLToPath(new URL('../desired-state/', import.meta.url));
const repo = mkdtempSync(path.join(tmpdir(), 'geoflux-seed-example-'));
const GS_AUTH = { authorization: `Basic ${Buffer.from('admin:geoserver').toString('base64')}` };

interface Selectable {
  tags?: string[];
  platforms?: string[];
}

const yamlAt = (file: string) => parse(readFileSync(path.join(example, file), 'utf8')) ?? {};
const config = yamlAt('geoflux.yaml') as {
  platforms: Record<string, { select?: { tags: string[] }; vars?: Record<string, string>; geoserver: { url: string }; geonetwork: { url: string } }>;
};
/** The example's URLs are ${NAME:-default}: their defaults (the environment under test sets none of them). */
const urlOf = (written: string) => written.replace(/^\$\{[A-Z_]+:-(.*)\}$/, '$1');

/** docs/format.md: an explicit platforms list wins, else the platform's tag selector (absent = everything). */
function publishedOn(platform: string, resource: Selectable): boolean {
  if (resource.platforms) return resource.platforms.includes(platform);
  const select = config.platforms[platform]!.select;
  return !select || (resource.tags ?? []).some((tag) => select.tags.includes(tag));
}

const layerFiles = readdirSync(path.join(example, 'workspaces')).flatMap((ws) =>
  readdirSync(path.join(example, 'workspaces', ws, 'layers')).map((file) => ({
    key: `${ws}:${file.replace(/\.yaml$/, '')}`,
    ...(yamlAt(`workspaces/${ws}/layers/${file}`) as Selectable & { defaultStyle: string; styles?: string[] }),
  })),
);
/** Coverages and cascaded layers: published as layers too. */
const otherLayerFiles = readdirSync(path.join(example, 'workspaces')).flatMap((ws) =>
  ['coverages', 'wmslayers', 'wmtslayers'].flatMap((folder) => {
    const dir = path.join(example, 'workspaces', ws, folder);
    return existsSync(dir)
      ? readdirSync(dir).map((file) => ({ key: `${ws}:${file.replace(/\.yaml$/, '')}`, ...(yamlAt(`workspaces/${ws}/${folder}/${file}`) as Selectable) }))
      : [];
  }),
);
const recordSidecars = readdirSync(path.join(example, 'metadata'))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => ({ uuid: file.replace(/\.yaml$/, ''), ...(yamlAt(`metadata/${file}`) as Selectable) }));

let twins: RunningTwins;
beforeAll(async () => {
  cpSync(example, path.join(repo, 'desired-state'), { recursive: true, filter: (source) => !path.basename(source).startsWith('.') });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'example');
  twins = await startTwins({ validateRequests: true, geonatureRows: 10 });
});
afterAll(async () => {
  await twins.close();
  rmSync(repo, { recursive: true, force: true });
});

async function seed(platform: string) {
  const response = await fetch(`${twins.control}/seed`, { method: 'POST', body: JSON.stringify({ desired: repo, path: 'desired-state', platform }) });
  return { status: response.status, body: (await response.json()) as { error?: string } };
}

async function geoserver(route: string): Promise<any> {
  const response = await fetch(`${twins.geoserver}/rest${route}`, { headers: GS_AUTH });
  expect(response.status, route).toBe(200);
  return response.json();
}

const items = (list: unknown, key: string): { name: string }[] => (list === '' ? [] : ([(list as Record<string, unknown>)[key]].flat() as { name: string }[]));

describe('twins seeded from the example repository', () => {
  it.each(['preprod', 'prod', 'public'])('%s: the layers, styles and records geoflux publishes there', async (platform) => {
    const { status, body } = await seed(platform);
    expect(status, body.error).toBe(200);
    const geoserverUrl = urlOf(config.platforms[platform]!.geoserver.url);
    const geonetworkUrl = urlOf(config.platforms[platform]!.geonetwork.url);

    const expectedLayers = layerFiles.filter((layer) => publishedOn(platform, layer));
    const layers = items((await geoserver('/layers.json')).layers, 'layer').map((layer) => layer.name);
    const expectedOthers = otherLayerFiles.filter((layer) => publishedOn(platform, layer));
    expect(layers.sort()).toEqual([...expectedLayers, ...expectedOthers].map((layer) => layer.key).sort());
    if (platform === 'public') expect(expectedLayers.every((layer) => layer.tags?.includes('public'))).toBe(true);

    // every style a published layer uses is there, tagged or not (bruit_lden has no sidecar)
    for (const layer of expectedLayers) {
      const published = (await geoserver(`/layers/${layer.key}.json`)).layer;
      const names = (ref: string) => [ref, `${layer.key.split(':')[0]}:${ref}`];
      expect(names(layer.defaultStyle)).toContain(published.defaultStyle.name);
      expect(items(published.styles ?? '', 'style').length).toBe(layer.styles?.length ?? 0);
    }

    // {{DB_HOST}} rendered with the platform's value; metadata links point at the platform's GeoNetwork
    const store = (await geoserver('/workspaces/urbanisme/datastores/sig_urbanisme.json')).dataStore;
    const host = store.connectionParameters.entry.find((entry: any) => entry['@key'] === 'host').$;
    expect(host).toBe(config.platforms[platform]!.vars!.DB_HOST);
    const featureType = (await geoserver(`/workspaces/urbanisme/datastores/sig_urbanisme/featuretypes/plu_zonage.json`)).featureType;
    expect([featureType.metadataLinks.metadataLink].flat()[0].content).toMatch(new RegExp(`^${geonetworkUrl}/srv/api/records/`));

    const snapshot = (await (await fetch(`${twins.control}/snapshot`)).json()) as { geonetwork: { records: any[] } };
    const records = snapshot.geonetwork.records;
    const pointedAtHere = new Set(
      expectedLayers.flatMap((layer) => ((layer as { metadata?: string }).metadata ? [(layer as { metadata?: string }).metadata!] : [])),
    );
    for (const uuid of pointedAtHere) expect(records.map((record) => record.uuid)).toContain(uuid);
    for (const sidecar of recordSidecars) expect(records.some((record) => record.uuid === sidecar.uuid)).toBe(publishedOn(platform, sidecar));
    expect(new Set(records.map((record) => record.groupOwner))).toEqual(new Set([2]));
    expect(records.every((record) => (record.privileges['1'] !== undefined) === (platform === 'public'))).toBe(true);
    // the platform's transforms ran: links rebased on its GeoServer, internal contacts gone from the public portal
    const xml = records.map((record) => record.xml).join('\n');
    expect(xml).not.toContain('<gmd:URL>https://preprod.geo.example.org/geoserver');
    expect(xml).toContain(`<gmd:URL>${geoserverUrl}`);
    expect(xml.includes('@intra.belleroche-metropole.example.org')).toBe(platform !== 'public');
  });

  it('refuses a platform geoflux.yaml does not have, in one line', async () => {
    const { status, body } = await seed('staging');
    expect(status).toBe(400);
    expect(body.error).toBe("seed: geoflux.yaml: no platform 'staging' (platforms: preprod, prod, public)");
  });
});
