// Import of metadata records: the catalogue's search index (uuid, group, links, sharing), records
// looked up by uuid when a choice or a link names them, and their XML as the catalogue holds it.
// A record brings the layers and groups its OGC links name; a layer or group brings its record.
import type { GeoNetworkClient, RecordSummary } from '../../clients/geonetwork.ts';
import { GeofluxError } from '../../core/problems.ts';
import { readXmlFile } from '../../desired/files.ts';
import { selectsEverything, type AdoptedFile, type Adoption, type Note, type SelectionContext, type SelectionRequest } from '../adoption.ts';
import { unreadableText, yamlFile } from '../adoption-files.ts';
import { mapLimit, splitKey } from '../common.ts';
import { recordUuidOf } from '../layer/featuretype.ts';
import { linkedLayerNames, lookUpRecords, scanCatalogue, searchCatalogue } from './catalogue.ts';
import { inspectRecord } from './inspect.ts';
import type { RecordPrivileges } from './model.ts';
import { groupsOf, privilegesOf } from './privileges.ts';
import { ATTACHMENT_NAME } from '../attachment/desired.ts';
import { withAttachmentNames } from '../attachment/urls.ts';

/** GeoNetwork's default editing group, used only when nothing tells which group owns the records. */
const FALLBACK_GROUP = 2;
const SAFE_FILE_NAME = /^[^/\\.][^/\\]*$/;

export interface LiveCatalogue {
  /** Records known from the catalogue's search index, by uuid. */
  records: Map<string, RecordSummary>;
  /** uuids looked up one by one and not found. */
  missing: Set<string>;
  /** uuids the full-text search (--search) found. */
  searchHits: string[];
  /** GeoNetwork group of the managed records. */
  group: number;
  /** "ws:layer" (or group name) → uuids of the records whose OGC links name it, sorted. */
  naming: Map<string, string[]>;
}

export const recordAdoption: Adoption<LiveCatalogue, RecordSummary> = {
  kind: 'record',
  count: { key: 'records', label: 'record' },

  async read(platform, request, note) {
    const gn = platform.geonetwork;
    const [records, searchHits] = await Promise.all([
      scanCatalogue(gn, { harvested: request.harvested }),
      request.search === undefined ? Promise.resolve([]) : searchCatalogue(gn, request.search, { harvested: request.harvested }),
    ]);
    if (request.search !== undefined && searchHits.length === 0)
      throw new GeofluxError('NoSuchRecord', `--search "${request.search}": no record of the catalogue matches`);
    const live: LiveCatalogue = { records, missing: new Set(), searchHits, group: FALLBACK_GROUP, naming: new Map() };
    await lookUp(platform.geonetwork, live, [...request.uuids, ...searchHits]);
    const unknown = request.uuids.filter((uuid) => live.missing.has(uuid));
    if (unknown.length > 0) throw new GeofluxError('NoSuchRecord', `--uuid ${unknown.join(', ')}: the catalogue has no such record`);
    live.group = platform.geonetworkGroup ?? derivedGroup(live, request, note);
    return live;
  },

  async readMore(platform, live, uuids) {
    await lookUp(platform.geonetwork, live, uuids);
  },

  seed(ctx) {
    const live = ctx.live(recordAdoption);
    if (selectsEverything(ctx.request)) {
      for (const record of live.records.values()) if (record.groupOwner === String(live.group)) recordAdoption.add(ctx, record.uuid, { subject: 'everything' });
    }
    for (const uuid of ctx.request.uuids) recordAdoption.add(ctx, uuid, { subject: '--uuid' });
    for (const uuid of live.searchHits) recordAdoption.add(ctx, uuid, { subject: '--search' });
  },

  add(ctx, uuid, origin) {
    const kept = ctx.kept(recordAdoption);
    if (kept.has(uuid)) return true;
    const live = ctx.live(recordAdoption);
    const record = live.records.get(uuid);
    if (!record) {
      if (live.missing.has(uuid)) ctx.note('skipped', `record ${uuid}`, `named by ${origin.subject} but the catalogue has no such record`);
      else ctx.need(recordAdoption, uuid);
      return false;
    }
    kept.set(uuid, record);
    if (origin.reference && record.groupOwner !== String(live.group)) {
      ctx.note('info', `record ${uuid}`, `pulled in by ${origin.subject}; it belongs to group ${record.groupOwner ?? '?'}, not ${live.group}`);
    }
    const from = { subject: `record ${uuid}`, reference: true };
    for (const name of linkedLayerNames(record.links)) {
      const [ws] = splitKey(name);
      if (!ws) {
        ctx.add('layergroup', name, from);
        continue;
      }
      if (!ctx.holds('workspace', ws)) continue;
      const isLayer = ctx.holds('layer', name);
      if (isLayer) ctx.add('layer', name, from);
      else if (isLayer === false && !ctx.add('layergroup', name, from)) ctx.note('info', `record ${uuid}`, `links to ${name}, which GeoServer does not have`);
    }
    return true;
  },

  async render({ platform }, live, kept) {
    const records = [...kept.values()].sort((a, b) => (a.uuid < b.uuid ? -1 : 1));
    const notes: Note[] = [];
    const publishToAll = records.filter((record) => record.isPublishedToAll === true).length * 2 > records.length;
    const groups = records.length > 0 ? await groupsOf(platform.geonetwork) : undefined;
    const files: AdoptedFile[] = [];
    await mapLimit(records, platform.concurrency, async ({ uuid }) => {
      if (!SAFE_FILE_NAME.test(uuid)) {
        notes.push({ kind: 'skipped', subject: `record ${uuid}`, message: 'its uuid cannot be a file name' });
        return;
      }
      const xml = await platform.geonetwork.getRecordXml(uuid);
      if (xml === null) {
        notes.push({ kind: 'skipped', subject: `record ${uuid}`, message: 'GeoNetwork did not return its XML' });
        return;
      }
      const refused = recordProblem(xml, uuid);
      if (refused) notes.push({ kind: 'invalid', subject: `record ${uuid}`, message: refused });
      if (unreadableText(xml) === '{{…}}')
        notes.push({ kind: 'firstApply', subject: `record ${uuid}`, message: 'its XML contains {{…}}, which render replaces by platform variables' });
      const attachments = await adoptAttachments(platform.geonetwork, uuid, notes);
      files.push(...attachments.map((attachment) => ({ path: `metadata/${uuid}/${attachment.filename}`, content: attachment.bytes })));
      const names = attachments.map((attachment) => attachment.filename);
      files.push({ path: `metadata/${uuid}.xml`, content: withAttachmentNames(xml, uuid, names, platform.urls.geonetwork) });
      const sharing = await platform.geonetwork.getSharing(uuid);
      const privileges = sharing && privilegesOf(sharing, groups!.names);
      if (privileges && !isDefaultSharing(privileges, groups!.names.get(live.group), publishToAll)) {
        const path = `metadata/${uuid}.yaml`;
        files.push({ path, content: yamlFile(path, 'metadata', { privileges }, 'its sharing differs from what the platform gives every record') });
      }
    });
    return {
      files,
      notes,
      count: files.filter((file) => file.path.endsWith('.xml')).length,
      config: { platform: { geonetwork: { group: live.group }, publishToAll }, scope: { metadataGroup: live.group } },
      readme: `Metadata records of GeoNetwork group ${live.group} are managed.`,
    };
  },
};

/**
 * The record that describes a layer or group: the first of its metadata links naming a record the
 * catalogue holds (one not looked up yet is asked for), else a record whose OGC links name it by one
 * of `names` (a record of the managed group first).
 */
export function describingRecord(ctx: SelectionContext, subject: string, links: string[], names: string[]): string | undefined {
  const live = ctx.live(recordAdoption);
  return (
    linkedRecord(ctx, live, subject, links) ?? names.reduce<string | undefined>((found, name) => found ?? recordNaming(ctx, live, name, subject), undefined)
  );
}

function linkedRecord(ctx: SelectionContext, live: LiveCatalogue, subject: string, links: string[]): string | undefined {
  for (const uuid of links.map(recordUuidOf).filter((candidate): candidate is string => !!candidate)) {
    if (live.records.has(uuid)) return uuid;
    if (!live.missing.has(uuid)) {
      ctx.need(recordAdoption, uuid);
      return undefined;
    }
    ctx.note('info', subject, `its metadata link names record ${uuid}, which the catalogue does not hold: kept as a link, not as its metadata record`);
  }
  return undefined;
}

function recordNaming(ctx: SelectionContext, live: LiveCatalogue, name: string, subject: string): string | undefined {
  const candidates = live.naming.get(name) ?? [];
  if (candidates.length === 0) return undefined;
  const owned = candidates.filter((uuid) => live.records.get(uuid)?.groupOwner === String(live.group));
  const chosen = (owned.length > 0 ? owned : candidates)[0]!;
  if (candidates.length > 1) ctx.note('info', subject, `several records name it (${candidates.join(', ')}): metadata ${chosen}`);
  return chosen;
}

async function lookUp(gn: GeoNetworkClient, live: LiveCatalogue, uuids: string[]): Promise<void> {
  const wanted = [...new Set(uuids)].filter((uuid) => !live.records.has(uuid) && !live.missing.has(uuid));
  for (const record of await lookUpRecords(gn, wanted)) live.records.set(record.uuid, record);
  for (const uuid of wanted) if (!live.records.has(uuid)) live.missing.add(uuid);
  live.naming = indexRecordsByLayerName(live.records);
}

/** "ws:layer" (or group name) → uuids of the records whose OGC links name it, sorted. */
export function indexRecordsByLayerName(records: Map<string, RecordSummary>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const record of records.values()) {
    for (const name of linkedLayerNames(record.links)) index.set(name, [...(index.get(name) ?? []), record.uuid]);
  }
  for (const uuids of index.values()) uuids.sort();
  return index;
}

/** The group most of the relevant records belong to: the chosen ones, else the whole catalogue. */
function derivedGroup(live: LiveCatalogue, request: SelectionRequest, note: (note: Note) => void): number {
  const chosen = [...request.uuids, ...live.searchHits].map((uuid) => live.records.get(uuid)).filter((record): record is RecordSummary => !!record);
  const pool = !selectsEverything(request) && chosen.length > 0 ? chosen : [...live.records.values()];
  const counts = new Map<string, number>();
  for (const record of pool) if (record.groupOwner !== undefined) counts.set(record.groupOwner, (counts.get(record.groupOwner) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))[0];
  const group = best && Number.isInteger(Number(best[0])) ? Number(best[0]) : FALLBACK_GROUP;
  note({
    kind: 'info',
    subject: 'GeoNetwork group',
    message: best
      ? `records of group ${group} are managed (the group of most ${pool === chosen ? 'chosen' : 'catalogue'} records); set GEOFLUX_IMPORT_GEONETWORK_GROUP to choose another`
      : `no record tells the group: group ${group} is written; set GEOFLUX_IMPORT_GEONETWORK_GROUP to choose another`,
  });
  return group;
}

/**
 * What a record gets without a `privileges` list: its owner group what GeoNetwork gives on import
 * (view, notify), and "all" view, download and dynamic when the platform publishes to all. A record
 * shared otherwise is written with its privileges (the platform's publishToAll is what most are).
 */
function isDefaultSharing(privileges: RecordPrivileges, owner: string | undefined, publishToAll: boolean): boolean {
  const expected: RecordPrivileges = {
    ...(owner ? { [owner]: ['view', 'notify'] } : {}),
    ...(publishToAll ? { all: ['view', 'download', 'dynamic'] } : {}),
  };
  const text = (value: RecordPrivileges) =>
    JSON.stringify(
      Object.keys(value)
        .sort()
        .map((group) => [group, [...value[group]!].sort()]),
    );
  return text(privileges) === text(expected);
}

/** The record's attachments GeoNetwork holds, with their bytes; a name git cannot hold is said and left. */
async function adoptAttachments(gn: GeoNetworkClient, uuid: string, notes: Note[]): Promise<{ filename: string; bytes: Uint8Array }[]> {
  const adopted: { filename: string; bytes: Uint8Array }[] = [];
  for (const info of (await gn.listAttachments(uuid)) ?? []) {
    if (!ATTACHMENT_NAME.test(info.filename)) {
      notes.push({
        kind: 'skipped',
        subject: `record ${uuid}`,
        message: `its attachment ${JSON.stringify(info.filename)} has a name geoflux does not publish`,
      });
      continue;
    }
    const bytes = await gn.getAttachment(uuid, info.filename);
    if (bytes) adopted.push({ filename: info.filename, bytes });
  }
  return adopted;
}

/** What the loader would say about a record (undefined = fine). */
function recordProblem(xml: string, uuid: string): string | undefined {
  const file = `metadata/${uuid}.xml`;
  const read = readXmlFile(Buffer.from(xml, 'utf8'), file);
  if ('problem' in read) return `${read.problem.code}: ${read.problem.message}`;
  const { facts, problem } = inspectRecord(read.root, file);
  if (problem) return `${problem.code}: ${problem.message}`;
  if (facts!.uuid !== uuid) return `UuidMismatch: the record's identifier is ${facts!.uuid || 'missing'}`;
  return undefined;
}
