// Adoption of a live platform: read GeoServer and GeoNetwork → select (pure closure) → fetch the
// bodies of what is kept → render the desired-state files (pure) → refuse if a secret slipped in.
import type { RecordSummary } from '../clients/geonetwork.ts';
import { GeoNetworkClient } from '../clients/geonetwork.ts';
import { GeoServerClient } from '../clients/geoserver.ts';
import { GeofluxError } from '../core/problems.ts';
import { splitKey } from '../resources/common.ts';
import { lookUpRecords, scanCatalogue, searchCatalogue } from './catalogue.ts';
import { fetchRecords, fetchStyles } from './bodies.ts';
import { readGeoServerGlobals, readWorkspace } from './geoserver-reader.ts';
import { configFile } from './render/config.ts';
import { layerFile, layerGroupFile, storeFile, workspaceFile, type Rendered } from './render/geoserver.ts';
import { readmeFile } from './render/readme.ts';
import { assertNoSecrets, isSecretParameter, SecretVariables } from './secrets.ts';
import { isEverything, selectResources } from './select.ts';
import { formatStoreType } from './store-type.ts';
import type { ImportResult, ImportSource, LiveCatalogue, LiveGeoServer, Note, Selection, SelectionRequest } from './types.ts';

export interface ImportOptions {
  /** Requests in flight per server (default 8). */
  concurrency?: number;
  timeoutMs?: number;
  /** Receives redacted lines (retries, failures). */
  log?: (line: string) => void;
}

/** GeoNetwork's default editing group, used only when nothing tells which group owns the records. */
const FALLBACK_GROUP = 2;

export async function importPlatform(source: ImportSource, request: SelectionRequest, options: ImportOptions = {}): Promise<ImportResult> {
  const concurrency = options.concurrency ?? 8;
  const common = { concurrency, timeoutMs: options.timeoutMs, log: options.log };
  const gs = new GeoServerClient({ ...common, baseUrl: source.geoserver.url, user: source.geoserver.user, password: source.geoserver.password });
  const gn = new GeoNetworkClient({ ...common, baseUrl: source.geonetwork.url, user: source.geonetwork.user, password: source.geonetwork.password });
  try {
    const notes: Note[] = [];
    const [live, index, searchHits] = await Promise.all([
      readGeoServerGlobals(gs, concurrency),
      scanCatalogue(gn, { harvested: request.harvested }),
      request.search === undefined ? Promise.resolve([]) : searchCatalogue(gn, request.search, { harvested: request.harvested }),
    ]);
    if (request.search !== undefined && searchHits.length === 0)
      throw new GeofluxError('NoSuchRecord', `--search "${request.search}": no record of the catalogue matches`);
    const catalogue: LiveCatalogue = { records: index, missing: new Set() };
    await lookUp(gn, catalogue, [...request.uuids, ...searchHits]);
    const unknown = request.uuids.filter((uuid) => catalogue.missing.has(uuid));
    if (unknown.length > 0) throw new GeofluxError('NoSuchRecord', `--uuid ${unknown.join(', ')}: the catalogue has no such record`);

    const group = source.group ?? derivedGroup(catalogue, request, searchHits, notes);
    let selection: Selection;
    for (;;) {
      const outcome = selectResources({ live, catalogue, request, searchHits, group });
      if ('selection' in outcome) {
        selection = outcome.selection;
        notes.push(...outcome.notes);
        break;
      }
      await Promise.all([readWorkspaces(gs, live, outcome.need.workspaces, concurrency), lookUp(gn, catalogue, outcome.need.records)]);
    }

    const records = [...selection.records].map((uuid) => catalogue.records.get(uuid)!).sort((a, b) => (a.uuid < b.uuid ? -1 : 1));
    const publishToAll = publishedToAllOf(records, notes);
    const variables = new SecretVariables();
    for (const server of ['geoserver', 'geonetwork'] as const) {
      variables.reuse(source.written[server].user, `${server === 'geoserver' ? 'GeoServer' : 'GeoNetwork'} user of platform ${source.platform}`);
      variables.reuse(source.written[server].password, `${server === 'geoserver' ? 'GeoServer' : 'GeoNetwork'} password of platform ${source.platform}`);
    }

    const files = new Map<string, Uint8Array>();
    const put = (rendered: { path: string; text: string; notes?: Note[] }) => {
      files.set(rendered.path, Buffer.from(rendered.text, 'utf8'));
      notes.push(...(rendered.notes ?? []));
    };
    for (const rendered of renderGeoServer(live, selection, variables, source.geonetwork.url)) put(rendered);
    await fetchStyles(gs, live, selection, files, notes, concurrency);
    await fetchRecords(gn, records, files, notes, concurrency);

    const workspaces = [...selection.workspaces].sort();
    put(configFile({ source, group, publishToAll, workspaces }));
    const counts = {
      workspaces: workspaces.length,
      stores: selection.stores.size,
      layers: selection.layers.size,
      styles: [...files.keys()].filter((path) => path.endsWith('.sld')).length,
      layerGroups: selection.layerGroups.size,
      records: [...files.keys()].filter((path) => path.startsWith('metadata/')).length,
    };
    put(readmeFile({ source, request, group, counts, variables: variables.list(), notes }));
    assertNoSecrets(files, [source.geoserver.password, source.geonetwork.password, ...storeSecrets(live, selection)]);
    return { files, platform: source.platform, counts, variables: variables.list(), notes };
  } finally {
    await Promise.all([gs.close(), gn.close()]);
  }
}

async function lookUp(gn: GeoNetworkClient, catalogue: LiveCatalogue, uuids: string[]): Promise<void> {
  const wanted = [...new Set(uuids)].filter((uuid) => !catalogue.records.has(uuid) && !catalogue.missing.has(uuid));
  const found = await lookUpRecords(gn, wanted);
  for (const record of found) catalogue.records.set(record.uuid, record);
  for (const uuid of wanted) if (!catalogue.records.has(uuid)) catalogue.missing.add(uuid);
}

async function readWorkspaces(gs: GeoServerClient, live: LiveGeoServer, names: string[], concurrency: number): Promise<void> {
  const read = await Promise.all(names.map((name) => readWorkspace(gs, name, concurrency)));
  for (const ws of read) live.workspaces.set(ws.name, ws);
}

/** The group most of the relevant records belong to: the chosen ones, else the whole catalogue. */
function derivedGroup(catalogue: LiveCatalogue, request: SelectionRequest, searchHits: string[], notes: Note[]): number {
  const chosen = [...request.uuids, ...searchHits].map((uuid) => catalogue.records.get(uuid)).filter((record): record is RecordSummary => !!record);
  const pool = !isEverything(request) && chosen.length > 0 ? chosen : [...catalogue.records.values()];
  const counts = new Map<string, number>();
  for (const record of pool) if (record.groupOwner !== undefined) counts.set(record.groupOwner, (counts.get(record.groupOwner) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))[0];
  const group = best && Number.isInteger(Number(best[0])) ? Number(best[0]) : FALLBACK_GROUP;
  notes.push({
    kind: 'info',
    subject: 'GeoNetwork group',
    message: best
      ? `records of group ${group} are managed (the group of most ${pool === chosen ? 'chosen' : 'catalogue'} records); set GEOFLUX_IMPORT_GEONETWORK_GROUP to choose another`
      : `no record tells the group: group ${group} is written; set GEOFLUX_IMPORT_GEONETWORK_GROUP to choose another`,
  });
  return group;
}

/** The platform's publishToAll: what most imported records are; the others change on the first apply. */
function publishedToAllOf(records: RecordSummary[], notes: Note[]): boolean {
  const published = records.filter((record) => record.isPublishedToAll === true);
  const value = published.length * 2 > records.length;
  for (const record of records) {
    if ((record.isPublishedToAll === true) !== value) {
      notes.push({
        kind: 'firstApply',
        subject: `record ${record.uuid}`,
        message: `it is ${value ? 'not ' : ''}published to all (Internet); the platform publishes ${value ? 'every record' : 'no record'} to all`,
      });
    }
  }
  return value;
}

function* renderGeoServer(live: LiveGeoServer, selection: Selection, variables: SecretVariables, geonetworkUrl: string): Generator<Rendered> {
  for (const name of [...selection.workspaces].sort()) yield workspaceFile(live.workspaces.get(name)!);
  for (const key of [...selection.stores].sort()) {
    const [ws, name] = splitKey(key);
    const store = live.workspaces.get(ws!)!.stores.find((candidate) => candidate.name === name)!;
    yield storeFile(store, formatStoreType(store)!, variables);
  }
  for (const key of [...selection.layers].sort()) {
    const [ws, name] = splitKey(key);
    const workspace = live.workspaces.get(ws!)!;
    yield layerFile(ws!, workspace.layers.get(name)!, workspace.featureTypes.get(name)!, selection.metadataOf.get(key), geonetworkUrl);
  }
  for (const key of [...selection.layerGroups].sort()) {
    const [ws, name] = splitKey(key);
    const groups = ws ? live.workspaces.get(ws)!.layerGroups : live.globalLayerGroups;
    yield layerGroupFile(groups.find((group) => group.name === name)!, selection.metadataOf.get(key));
  }
}

/** The (encrypted) secret parameters GeoServer returned: they must not appear in the output either. */
function storeSecrets(live: LiveGeoServer, selection: Selection): string[] {
  const values: string[] = [];
  for (const key of selection.stores) {
    const [ws, name] = splitKey(key);
    const store = live.workspaces.get(ws!)?.stores.find((candidate) => candidate.name === name);
    for (const [parameter, value] of Object.entries(store?.connectionParameters ?? {})) if (isSecretParameter(parameter) && value) values.push(value);
  }
  return values;
}
