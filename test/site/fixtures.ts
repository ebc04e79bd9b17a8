// Realistic run reports (reconciler/report/model.ts) for the site's tests and benchmark: platforms
// preprod → prod → public applying a series of commits, daily drift checks, a partial failure,
// hand edits found by drift, and GeoNature flow runs. Deterministic for a given seed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FlowRunSummary, Inventory, InventoryThumbnail, Report, ReportMode, ResourceResult } from '../../reconciler/report/model.ts';
import type { ResourceKind } from '../../reconciler/resources/types.ts';
import { seededRandom } from '../../twins/faults.ts';

export interface FixtureOptions {
  platforms?: string[];
  /** Commits applied one after the other (each gives an apply and a drift report per platform). */
  commits?: number;
  /** Resources per platform report (workspaces, stores, styles, feature types, layers, records). */
  resources?: number;
  flows?: string[];
  /** Flow reports (default: as many as commits, at least 2). */
  flowRuns?: number;
  seed?: number;
  /** Time of the last report; earlier reports go back one day per commit. */
  end?: Date;
  /** Values a careless producer might leak, planted in a diff, an error, a URL and a flow error. */
  secrets?: { password: string; token: string };
  /** A title carrying markup, to prove the site escapes it. */
  hostileTitle?: string;
  /** A data file name carrying markup (repository content, like titles); a record's thumbnail names it too. */
  hostileFileName?: string;
}

export interface FixtureFacts {
  /** Per platform: the status the site must derive. */
  expectedStatus: Record<string, 'in-sync' | 'drifted' | 'failing'>;
  /** Per platform: resources pending in its status report. */
  expectedPending: Record<string, number>;
  layersPerPlatform: number;
  recordsPerPlatform: number;
  driftedLayer: { platform: string; key: string; title: string };
  failedLayer: { platform: string; key: string };
  /** A GeoPackage store two layers are published from; the drifting platform holds other content in its last drift check. */
  dataFile: { store: string; path: string; layers: string[]; sha256: string; size: number; platformWithOtherContent: string };
  /**
   * Records' thumbnails (uuids): an attachment every platform serves, one the drifting platform
   * lacks in its last drift check, an external URL, a file git does not hold, a javascript: URL.
   */
  thumbnails: FixtureThumbnails & { platformMissingOne: string; url(platform: string, uuid: string): string; problems: Record<string, number> };
}

interface FixtureThumbnails {
  present: string;
  missing: string;
  external: string;
  broken: string;
  scripted: string;
}

const WORKSPACES = ['urbanisme', 'environnement', 'mobilite'];
const THEMES = [
  'plu_zonage',
  'espaces_verts',
  'risque_inondation',
  'reseau_cyclable',
  'arrets_transport',
  'bruit_routier',
  'captages_protection',
  'arbres_alignement',
  'permis_construire',
  'stationnement_velos',
];
const TITLES = [
  'Plan local d’urbanisme — zonage',
  'Espaces verts publics',
  'Zones inondables (PPRI)',
  'Réseau cyclable',
  'Arrêts de transport en commun',
  'Bruit routier (Lden)',
  'Périmètres de captages',
  'Arbres d’alignement',
  'Permis de construire',
  'Stationnement vélos',
];
const AUTHORS = ['Camille Martin', 'Hugo Bernard', 'Léa Dubois', 'Nora Haddad'];
const MESSAGES = [
  'Mise à jour du résumé de la fiche',
  'Nouvelle couche publiée',
  'Correction du style',
  'Ajout de mots-clés INSPIRE',
  'Changement de projection des emprises',
  'Publication sur le portail public',
];

function hex(next: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(next() * 16).toString(16);
  return out;
}

function uuid(next: () => number): string {
  const h = hex(next, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Universe {
  resources: ResourceResult[];
  dataFile: { store: string; path: string; layers: string[] };
  /** Absent with fewer than five records. */
  thumbnails?: FixtureThumbnails & { brokenName: string };
  layers: { key: string; workspace: string; title: string; metadata?: string; ageDays: number }[];
  records: { uuid: string; title: string; ageDays: number; layers: string[] }[];
  styles: string[];
}

/** git's content of the fixture's data file. */
const DATA_FILE_CONTENT = { sha256: hex(seededRandom(2154), 64), size: 50 * 1024 * 1024 };
/** Where a platform's GeoNetwork serves a record's attachment. */
const attachmentUrl = (platform: string, uuid: string) =>
  `https://${platform}.geonetwork.example.org/geonetwork/srv/api/records/${uuid}/attachments/apercu.png`;
const EXTERNAL_THUMBNAIL = 'https://tiles.example.org/apercu/zonage.png';
const SCRIPTED_THUMBNAIL = 'javascript:alert(document.cookie)';
/** When the data file reached every platform, and when someone replaced it on the drifting one. */
const DATA_FILE_UPLOADED = '2025-06-01T08:00:00.000Z';
const DATA_FILE_REPLACED = '2025-06-29T16:30:00.000Z';

function universe(size: number, next: () => number, { hostileTitle, hostileFileName }: Pick<FixtureOptions, 'hostileTitle' | 'hostileFileName'>): Universe {
  const styleCount = Math.max(2, Math.round(size * 0.05));
  const storeCount = WORKSPACES.length * 2;
  const layerCount = Math.max(4, Math.round((size - WORKSPACES.length - storeCount - styleCount) * 0.36));
  const recordCount = Math.max(2, size - WORKSPACES.length - storeCount - styleCount - 2 * layerCount);
  const styles = Array.from({ length: styleCount }, (_, i) => `${THEMES[i % THEMES.length]}${i >= THEMES.length ? `_${i}` : ''}`);
  const records = Array.from({ length: recordCount }, (_, i) => ({
    uuid: uuid(next),
    title: `${TITLES[i % TITLES.length]}${i >= TITLES.length ? ` (${i})` : ''}`,
    ageDays: Math.floor(next() * 900),
    layers: [] as string[],
  }));
  const layers = Array.from({ length: layerCount }, (_, i) => {
    const workspace = WORKSPACES[i % WORKSPACES.length]!;
    const key = `${workspace}:${THEMES[i % THEMES.length]}${i >= THEMES.length ? `_${i}` : ''}`;
    const title = i === 1 && hostileTitle ? hostileTitle : `${TITLES[i % TITLES.length]}${i >= TITLES.length ? ` ${i}` : ''}`;
    // One layer in 25 has no record; records past the layers' count have no layer.
    const record = i % 25 === 7 ? undefined : records[i % Math.max(1, records.length - 2)];
    if (record) record.layers.push(key);
    return { key, workspace, title, ...(record ? { metadata: record.uuid } : {}), ageDays: Math.floor(next() * 700) };
  });
  const dataFile = {
    store: 'environnement:referentiel',
    path: `workspaces/environnement/data/${hostileFileName ?? 'referentiel'}.gpkg`,
    layers: layers
      .filter((layer) => layer.workspace === 'environnement')
      .slice(0, 2)
      .map((layer) => layer.key),
  };
  const [present, missing, external, broken, scripted] = records;
  const thumbnails =
    present && missing && external && broken && scripted
      ? {
          present: present.uuid,
          missing: missing.uuid,
          external: external.uuid,
          broken: broken.uuid,
          scripted: scripted.uuid,
          brokenName: `${hostileFileName ?? 'oubli'}.png`,
        }
      : undefined;
  const noop = (kind: ResourceKind, key: string, title?: string, file?: string): ResourceResult => ({
    kind,
    key,
    ...(title ? { title } : {}),
    action: 'noop',
    diff: '',
    ignored: [],
    ...(file ? { file } : {}),
  });
  const resources: ResourceResult[] = [
    ...WORKSPACES.map((ws) => noop('workspace', ws, undefined, `workspaces/${ws}/workspace.yaml`)),
    ...WORKSPACES.flatMap((ws) =>
      ['postgis', 'referentiel'].map((store) =>
        noop('datastore', `${ws}:${store}`, undefined, `${ws}:${store}` === dataFile.store ? dataFile.path : `workspaces/${ws}/stores/${store}.yaml`),
      ),
    ),
    ...styles.map((style) => noop('style', style, undefined, `styles/${style}.sld`)),
    ...layers.map((layer) => noop('featuretype', layer.key, layer.title, `workspaces/${layer.workspace}/layers/${layer.key.split(':')[1]}.yaml`)),
    ...layers.map((layer) => noop('layer', layer.key, layer.title, `workspaces/${layer.workspace}/layers/${layer.key.split(':')[1]}.yaml`)),
    ...records.map((record) => noop('record', record.uuid, record.title, `metadata/${record.uuid}.xml`)),
    ...(thumbnails
      ? [thumbnails.present, thumbnails.missing].map((uuid) => noop('attachment', `${uuid}/apercu.png`, undefined, `metadata/${uuid}/apercu.png`))
      : []),
  ];
  return { resources, dataFile, ...(thumbnails ? { thumbnails } : {}), layers, records, styles };
}

const revisionOf = (key: string) => hex(seededRandom(key.length * 7919 + key.charCodeAt(0)), 12);

/** The records' thumbnails on a platform; `drifted`: its last drift check, where one attachment is missing. */
function thumbnailsOf(u: Universe, platform: string, drifted: boolean): Map<string, InventoryThumbnail> {
  const thumbnails = new Map<string, InventoryThumbnail>();
  if (!u.thumbnails) return thumbnails;
  const { present, missing, external, broken, scripted, brokenName } = u.thumbnails;
  const attached = (uuid: string, state: InventoryThumbnail['state']): InventoryThumbnail => ({
    source: 'attachment',
    reference: 'apercu.png',
    url: attachmentUrl(platform, uuid),
    state,
  });
  thumbnails.set(present, attached(present, 'present'));
  thumbnails.set(missing, attached(missing, drifted ? 'missing' : 'present'));
  thumbnails.set(external, { source: 'external', reference: EXTERNAL_THUMBNAIL, url: EXTERNAL_THUMBNAIL });
  thumbnails.set(broken, { source: 'attachment', reference: brokenName, state: 'broken' });
  thumbnails.set(scripted, { source: 'external', reference: SCRIPTED_THUMBNAIL, state: 'broken' });
  return thumbnails;
}

function inventoryOf(u: Universe, at: number, platform: string, drifted = false): Inventory {
  const day = 86_400_000;
  const thumbnails = thumbnailsOf(u, platform, drifted);
  const recordUuids = new Set(u.records.map((record) => record.uuid));
  const layersWithoutRecord = u.layers.filter((layer) => !layer.metadata || !recordUuids.has(layer.metadata)).map((layer) => layer.key);
  return {
    layers: u.layers.map((layer) => ({
      key: layer.key,
      workspace: layer.workspace,
      title: layer.title,
      ...(layer.metadata ? { metadata: layer.metadata } : {}),
      dateModified: new Date(at - layer.ageDays * day).toISOString(),
    })),
    records: u.records.map((record, i) => ({
      uuid: record.uuid,
      title: record.title,
      // Every 40th record carries no date at all: the site shows it as unknown.
      ...(i % 40 === 39
        ? {}
        : {
            revisionDate: new Date(at - record.ageDays * day).toISOString().slice(0, 10),
            changeDate: new Date(at - Math.floor(record.ageDays / 3) * day).toISOString(),
          }),
      layers: [...record.layers].sort(),
      ...(thumbnails.has(record.uuid) ? { thumbnail: thumbnails.get(record.uuid)! } : {}),
    })),
    styles: u.styles,
    dataFiles: [
      {
        ...u.dataFile,
        kind: 'datastore',
        format: 'geopackage',
        ...DATA_FILE_CONTENT,
        content: drifted ? 'other' : 'same',
        uploaded: drifted ? DATA_FILE_REPLACED : DATA_FILE_UPLOADED,
      },
    ],
    layersWithoutRecord,
    recordsWithoutLayer: u.records.filter((record) => record.layers.length === 0).map((record) => record.uuid),
    // Every item of the desired state, published at the same revision everywhere (states come from the reports' resources).
    items: [
      ...WORKSPACES.map((name) => ({ kind: 'workspace', key: name, workspace: name, revision: revisionOf(name) })),
      ...WORKSPACES.flatMap((ws) =>
        ['postgis', 'referentiel'].map((store) => ({ kind: 'datastore', key: `${ws}:${store}`, workspace: ws, revision: revisionOf(store) })),
      ),
      ...u.styles.map((style) => ({ kind: 'style', key: style, revision: revisionOf(style) })),
      ...u.layers.map((layer) => ({ kind: 'layer', key: layer.key, title: layer.title, workspace: layer.workspace, revision: revisionOf(layer.key) })),
      ...u.records.map((record) => ({ kind: 'record', key: record.uuid, title: record.title, revision: revisionOf(record.uuid) })),
    ],
    workspaces: WORKSPACES.map((name) => {
      const inWs = u.layers.filter((layer) => layer.workspace === name);
      return { name, layers: inWs.length, layersWithRecord: inWs.filter((layer) => layer.metadata).length };
    }),
  };
}

function summarise(resources: ResourceResult[]): Report['summary'] {
  const summary: Report['summary'] = {
    create: 0,
    update: 0,
    delete: 0,
    noop: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    failed: 0,
    skipped: 0,
    ignored: 0,
  };
  for (const resource of resources) {
    summary[resource.action] += 1;
    if (resource.outcome) summary[resource.outcome] += 1;
    summary.ignored += resource.ignored.length;
  }
  return summary;
}

const titleDiff = (file: string, from: string, to: string) =>
  `--- observed\n+++ desired (${file})\n@@ -3,3 +3,3 @@\n   "name": "layer",\n-  "title": ${JSON.stringify(from)},\n+  "title": ${JSON.stringify(to)},\n   "enabled": true\n`;

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Reports oldest first, one at a time (the benchmark writes 100 reports of 10,000 resources). */
export function* fixtureReports(options: FixtureOptions = {}): Generator<Report> {
  const platforms = options.platforms ?? ['preprod', 'prod', 'public'];
  const commits = options.commits ?? 4;
  const size = options.resources ?? 120;
  const flows = options.flows ?? ['synthese-pne', 'synthese-public'];
  const next = seededRandom(options.seed ?? 7);
  const end = (options.end ?? new Date('2025-06-30T18:00:00Z')).getTime();
  const hour = 3_600_000;
  const u = universe(size, next, options);
  const [lastPlatform] = platforms.slice(-1);
  const failingPlatform = platforms.length > 1 ? lastPlatform! : undefined;
  const driftingPlatform = platforms.length > 1 ? platforms[platforms.length - 2]! : platforms[0]!;
  const failedLayer = u.layers[2]!;
  const driftedLayer = u.layers[0]!;
  const featureTypes = u.resources.filter((r) => r.kind === 'layer');

  for (let c = 0; c < commits; c++) {
    const day = end - (commits - 1 - c) * 24 * hour - 12 * hour;
    const commit = {
      sha: hex(next, 40),
      author: AUTHORS[c % AUTHORS.length]!,
      email: `${AUTHORS[c % AUTHORS.length]!.split(' ')[0]!.toLowerCase()}@belleroche.example.org`,
      date: new Date(day - 2 * hour).toISOString(),
      message: `${MESSAGES[c % MESSAGES.length]}\n\nRéf. ticket SIG-${100 + c}`,
    };
    const changed = Array.from({ length: 1 + Math.floor(next() * 3) }, () => featureTypes[Math.floor(next() * featureTypes.length)]!);
    for (const [p, platform] of platforms.entries()) {
      const started = new Date(day + p * hour);
      const lastCommit = c === commits - 1;
      const failing = lastCommit && platform === failingPlatform;
      const resources = u.resources.map((resource): ResourceResult => {
        if (failing && resource.key === failedLayer.key && resource.kind === 'featuretype') {
          return {
            ...resource,
            action: 'update',
            outcome: 'failed',
            diff: titleDiff(resource.file!, failedLayer.title, `${failedLayer.title} (révisé)`),
            reason: 'changed in git',
            error: `HTTP 500 from GeoServer: Trying to create new feature type inside the store, but no attributes were specified (table ${failedLayer.key.split(':')[1]} missing)`,
          };
        }
        if (failing && resource.key === failedLayer.key && resource.kind === 'layer') {
          return { ...resource, action: 'update', outcome: 'skipped', diff: '', skippedBecause: `featuretype:${failedLayer.key}` };
        }
        if (changed.includes(resource))
          return {
            ...resource,
            action: 'update',
            outcome: 'updated',
            diff: titleDiff(resource.file!, `${resource.title}`, `${resource.title} — mis à jour`),
            reason: 'changed in git',
          };
        if (resource.kind === 'record' && resource.key === u.records[0]!.uuid) {
          return { ...resource, outcome: 'unchanged', ignored: [{ rule: 'gmd:dateStamp', path: 'gmd:MD_Metadata/gmd:dateStamp' }] };
        }
        return { ...resource, outcome: 'unchanged' };
      });
      const summary = summarise(resources);
      const exitCode = summary.failed > 0 ? 3 : 0;
      yield report(
        'apply',
        platform,
        started,
        commit,
        resources,
        inventoryOf(u, started.getTime(), platform),
        exitCode,
        lastCommit && platform === failingPlatform && options.secrets
          ? [`lost connection to postgres://geoflux:${options.secrets.password}@db.internal/sig during the apply`]
          : [],
      );
    }
    for (const [p, platform] of platforms.entries()) {
      const started = new Date(day + 6 * hour + p * hour);
      const lastCommit = c === commits - 1;
      if (lastCommit && platform === failingPlatform) continue; // its latest report stays the failed apply
      const resources = u.resources.map((resource): ResourceResult => {
        if (lastCommit && platform === driftingPlatform && resource.key === driftedLayer.key && resource.kind === 'layer') {
          return {
            ...resource,
            action: 'update',
            diff: titleDiff(resource.file!, `${driftedLayer.title} (modifié à la main)`, driftedLayer.title),
            reason: 'changed by hand',
          };
        }
        if (lastCommit && platform === driftingPlatform && resource.kind === 'datastore' && resource.key === 'urbanisme:postgis') {
          const password = options.secrets?.password ?? 'crypt1:Zm9vYmFy';
          return {
            ...resource,
            action: 'update',
            diff: `--- observed\n+++ desired (${resource.file})\n@@ -4,4 +4,4 @@\n   host: pg-sig.belleroche-metropole.example.org\n-  port: 5433\n+  port: 5432\n   passwd: ${password}\n   <entry key="passwd">${password}</entry>\n`,
            reason: 'changed by hand',
          };
        }
        if (lastCommit && platform === driftingPlatform && resource.kind === 'datastore' && resource.key === u.dataFile.store) {
          return {
            ...resource,
            action: 'update',
            diff: `--- live datastore:${resource.key}\n+++ git datastore:${resource.key}\n@@ -1,3 +1,3 @@\n content:\n-  gpkg: "sha256:${'0'.repeat(64)} (1024 bytes)"\n+  gpkg: "sha256:${DATA_FILE_CONTENT.sha256} (${DATA_FILE_CONTENT.size} bytes)"\n enabled: true\n`,
            reason: 'changed on the server by hand',
          };
        }
        if (lastCommit && platform === driftingPlatform && resource.kind === 'attachment' && resource.key === `${u.thumbnails?.missing}/apercu.png`) {
          return {
            ...resource,
            action: 'create',
            diff: `--- live attachment:${resource.key}\n+++ git attachment:${resource.key}\n`,
            reason: 'missing on the server',
          };
        }
        if (resource.kind === 'record' && resource.key === u.records[0]!.uuid)
          return { ...resource, ignored: [{ rule: 'gmd:dateStamp', path: 'gmd:MD_Metadata/gmd:dateStamp' }] };
        return resource;
      });
      const pending = resources.filter((resource) => resource.action !== 'noop').length;
      const inventory = inventoryOf(u, started.getTime(), platform, lastCommit && platform === driftingPlatform);
      yield report('drift', platform, started, commit, resources, inventory, pending > 0 ? 2 : 0, []);
    }
  }

  const runs = options.flowRuns ?? Math.max(2, commits);
  for (let r = 0; r < runs; r++) {
    const started = new Date(end - (runs - 1 - r) * 24 * hour - 2 * hour);
    const summaries: FlowRunSummary[] = flows.map((flow, f) => {
      const failed = r === runs - 1 && f === flows.length - 1;
      const rowsIn = 1_000 + Math.floor(next() * 5_000) + r * 100;
      const inserted = Math.floor(rowsIn * 0.1);
      const updated = Math.floor(rowsIn * 0.05);
      const summary: FlowRunSummary = {
        flow,
        status: failed ? 'failed' : 'success',
        started: new Date(started.getTime() + f * 600_000).toISOString(),
        finished: new Date(started.getTime() + f * 600_000 + 42_000).toISOString(),
        durationSeconds: 42 + f,
        pages: Math.ceil(rowsIn / 1000),
        rowsIn: failed ? 2000 : rowsIn,
        inserted: failed ? 0 : inserted,
        updated: failed ? 0 : updated,
        unchanged: failed ? 0 : rowsIn - inserted - updated,
        deleted: failed ? 0 : r % 3,
        retries: failed ? 3 : 0,
        lastHttpStatus: failed ? 502 : 200,
        rowsInDestination: 250_000 + r * 500,
        watermark: started.toISOString(),
        nextRun: new Date(started.getTime() + 24 * hour).toISOString(),
        lastSuccess: failed ? new Date(started.getTime() - 24 * hour).toISOString() : started.toISOString(),
        alerts: failed ? ['no successful run for 2 days (staleAfter: 2d)'] : [],
        info: {
          partner: { name: 'Parc national des Écrins', id: '6f6bd5f0-3a0c-4d5e-9b8a-0e2a1c4d7b01' },
          source: { url: 'https://geonature.ecrins-parcnational.example/geonature', export: 3 },
          destination: {
            type: f === 0 ? 'geonature' : 'table',
            description:
              f === 0
                ? 'GeoNature postgres://gn.example.org/geonature: gn_synthese.synthese, source "Partenaire PNE"'
                : 'embedded PGlite: flows.synthese_public',
          },
          schedule: { cron: '30 2 * * *', timezone: 'Europe/Paris' },
          alerts: { staleAfter: '2d', webhook: 'https://alerts.example.org' },
        },
      };
      if (failed) summary.error = options.secrets ? `HTTP 502 from GeoNature (api-key: ${options.secrets.token})` : 'HTTP 502 from GeoNature after 3 retries';
      return summary;
    });
    const failed = summaries.some((summary) => summary.status === 'failed');
    yield {
      version: 1,
      id: `flows-${started.toISOString().replace(/[:.]/g, '-')}-${hex(next, 6)}`,
      mode: 'flows',
      started: started.toISOString(),
      finished: new Date(started.getTime() + 15 * 60_000).toISOString(),
      timings: Object.fromEntries(summaries.map((s) => [s.flow, s.durationSeconds ?? 0])),
      summary: { create: 0, update: 0, delete: 0, noop: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, failed: failed ? 1 : 0, skipped: 0, ignored: 0 },
      resources: [],
      flows: summaries,
      errors: [],
      exitCode: failed ? 3 : 0,
    };
  }

  function report(
    mode: ReportMode,
    platform: string,
    started: Date,
    commit: NonNullable<Report['commit']>,
    resources: ResourceResult[],
    inventory: Inventory,
    exitCode: number,
    errors: string[],
  ): Report {
    return {
      version: 1,
      id: `${stamp(started)}-${platform}-${mode}-${commit.sha.slice(0, 8)}-${hex(next, 6)}`,
      mode,
      platform,
      commit,
      started: started.toISOString(),
      finished: new Date(started.getTime() + 95_000).toISOString(),
      timings: { observe: 41.2, plan: 3.1, apply: mode === 'apply' ? 50.4 : 0 },
      summary: summarise(resources),
      resources,
      inventory,
      errors,
      exitCode,
    };
  }
}

/** What the site must show for fixtureReports(options) with at least two platforms and five records. */
export function fixtureFacts(options: FixtureOptions = {}): FixtureFacts {
  const platforms = options.platforms ?? ['preprod', 'prod', 'public'];
  const next = seededRandom(options.seed ?? 7);
  const u = universe(options.resources ?? 120, next, options);
  const failing = platforms.at(-1)!;
  const drifting = platforms.at(-2)!;
  const expectedStatus: FixtureFacts['expectedStatus'] = {};
  const expectedPending: FixtureFacts['expectedPending'] = {};
  for (const platform of platforms) {
    expectedStatus[platform] = platform === failing ? 'failing' : platform === drifting ? 'drifted' : 'in-sync';
    expectedPending[platform] = platform === drifting ? 4 : 0;
  }
  const thumbnails = u.thumbnails!;
  return {
    expectedStatus,
    expectedPending,
    layersPerPlatform: u.layers.length,
    recordsPerPlatform: u.records.length,
    driftedLayer: { platform: drifting, key: u.layers[0]!.key, title: u.layers[0]!.title },
    failedLayer: { platform: failing, key: u.layers[2]!.key },
    dataFile: { ...u.dataFile, ...DATA_FILE_CONTENT, platformWithOtherContent: drifting },
    thumbnails: {
      present: thumbnails.present,
      missing: thumbnails.missing,
      external: thumbnails.external,
      broken: thumbnails.broken,
      scripted: thumbnails.scripted,
      platformMissingOne: drifting,
      url: attachmentUrl,
      // the broken and the javascript: ones everywhere, and the missing one where it is missing
      problems: Object.fromEntries(platforms.map((platform) => [platform, platform === drifting ? 3 : 2])),
    },
  };
}

export async function writeFixtureReports(dir: string, options: FixtureOptions = {}): Promise<{ files: string[]; resources: number }> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  let resources = 0;
  for (const report of fixtureReports(options)) {
    const file = join(dir, `${report.id}.json`);
    await writeFile(file, `${JSON.stringify(report)}\n`);
    files.push(file);
    resources += report.resources.length;
  }
  return { files, resources };
}
