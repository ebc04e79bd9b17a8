// Metadata records on GeoNetwork (FACTS B): upsert with PUT /records (OVERWRITE) into the
// platform's group, shared with "all" per platform.publishToAll, or exactly as the record's
// `privileges` say (PUT /records/{uuid}/sharing, clear=true). Observe lists the managed group in
// bulk through _search (changeDate as version) and fetches the XML only of records whose
// changeDate moved since the last run; the sharing API is read only for records that declare
// privileges (the index does not return them).

import type { IgnoreRules } from '../../desired/model.ts';
import type { PutRecordOptions, RecordSummary, SharingParameter } from '../../clients/geonetwork.ts';
import { recordMef } from './mef.ts';
import { canonicalXml } from '../../core/canonical-xml.ts';
import type { Canonical } from '../../core/canonical.ts';
import { FETCH_CONCURRENCY, isDesired, mapLimit, reusedCanonical, reusedFrom, type Reused } from '../common.ts';
import type { DesiredResource, ObservedResource, PlatformContext, ResourceAdapter } from '../types.ts';
import { OPERATIONS, type RecordPrivileges } from './model.ts';
import { groupsOf, privilegesOf } from './privileges.ts';
import { withAttachmentUrls } from '../attachment/urls.ts';

export interface RecordSpec {
  uuid: string;
  xml: string;
  publishedToAll: boolean;
  /** Desired: the record's whole sharing, when its sidecar declares it. Observed: read when git declares it. */
  privileges?: RecordPrivileges;
  /** Desired, on a platform that takes records as MEF: the attachments sent with it. */
  mef?: { filename: string; bytes: Uint8Array }[];
}

/** An observed record whose changeDate has not moved: its XML's canonical form is reused, its sharing is read afresh. */
interface ReusedRecord {
  uuid: string;
  publishedToAll: boolean;
  privileges?: RecordPrivileges;
  reusedXml: Reused;
}

type Resource = DesiredResource<RecordSpec> | ObservedResource<RecordSpec | ReusedRecord>;

const WEB_SERVICE_PROTOCOLS = /^OGC:(WMS|WFS)/i;

const groupName = (name: string) => (/^[\w.-]+$/.test(name) ? name : JSON.stringify(name));

/** The sharing lines of the canonical text: "publishedToAll: …", or the privileges group by group when git declares them. */
function sharingHeader(publishedToAll: boolean, privileges: RecordPrivileges | undefined, declared: boolean): string {
  if (!declared) return `publishedToAll: ${publishedToAll}\n`;
  if (!privileges) return 'privileges: (not read)\n';
  const lines = Object.keys(privileges)
    .filter((group) => privileges[group]!.length > 0)
    .sort()
    .map((group) => `  ${groupName(group)}: ${[...privileges[group]!].sort().join(', ')}\n`);
  return lines.length > 0 ? `privileges:\n${lines.join('')}` : 'privileges: none\n';
}

/** The XML part of a remembered canonical text (the sharing lines come first; canonical XML starts with "<"). */
function xmlPart(previous: Reused): Reused {
  const text = previous.reusedCanonical;
  const start = text.search(/^</m);
  return { ...previous, reusedCanonical: start < 0 ? text : text.slice(start) };
}

function canonicalRecord(spec: RecordSpec, rules: IgnoreRules, declared = spec.privileges !== undefined): Canonical {
  const xml = canonicalXml(spec.xml, { ignore: rules.metadata });
  return { text: `${sharingHeader(spec.publishedToAll, spec.privileges, declared)}${xml.text}`, ignored: xml.ignored, masked: xml.masked };
}

export function managedGroup(ctx: PlatformContext): number {
  return ctx.scope.metadataGroup ?? ctx.platform.geonetwork.group;
}

function factsOf(summary: RecordSummary): Record<string, unknown> {
  return {
    groupOwner: summary.groupOwner,
    changeDate: summary.changeDate,
    dateStamp: summary.dateStamp,
    isPublishedToAll: summary.isPublishedToAll,
    layers: summary.links.filter((link) => link.protocol && WEB_SERVICE_PROTOCOLS.test(link.protocol) && link.name).map((link) => link.name),
  };
}

/** The record's privileges as GET /records/{uuid}/sharing lists them, by group name. */
async function readPrivileges(ctx: PlatformContext, uuid: string): Promise<RecordPrivileges | undefined> {
  const sharing = await ctx.geonetwork.getSharing(uuid);
  return sharing ? privilegesOf(sharing, (await groupsOf(ctx.geonetwork)).names) : undefined;
}

/** The sharing that makes the record's privileges exactly what git declares (every other group loses its own); unknown groups fail here, before any write. */
async function sharingOf(ctx: PlatformContext, uuid: string, privileges: RecordPrivileges): Promise<SharingParameter> {
  const { ids, names } = await groupsOf(ctx.geonetwork);
  const entries = Object.entries(privileges).map(([name, operations]) => {
    const group = ids.get(name.toLowerCase());
    if (group === undefined) {
      const known = [...names.values()].sort().join(', ');
      throw new Error(`record ${uuid}: privileges name group "${name}", which GeoNetwork ${ctx.platform.name} does not have (its groups: ${known})`);
    }
    return { group, operations: Object.fromEntries(OPERATIONS.map((operation) => [operation, operations.includes(operation)])) };
  });
  return { clear: true, privileges: entries };
}

/** The record's XML, or a MEF with its attachments where the platform takes records so. */
async function sendRecord(ctx: PlatformContext, spec: RecordSpec, options: PutRecordOptions): Promise<void> {
  if (spec.mef) await ctx.geonetwork.postRecordMef(spec.uuid, recordMef(spec.uuid, spec.xml, spec.mef, new Date()), options);
  else await ctx.geonetwork.putRecord(spec.xml, options);
}

export const recordAdapter: ResourceAdapter<RecordSpec, RecordSpec | ReusedRecord> = {
  kind: 'record',
  labels: { fr: 'fiche de métadonnées', en: 'metadata record' },
  // prune only touches records of the managed group
  inScope(resource, scope) {
    const owner = resource.facts?.groupOwner;
    if (owner === undefined || scope.metadataGroup === undefined) return scope.metadataGroup !== undefined;
    return String(owner) === String(scope.metadataGroup);
  },

  desired(state) {
    const attached = new Map<string, string[]>();
    for (const attachment of state.attachments) attached.set(attachment.uuid, [...(attached.get(attachment.uuid) ?? []), attachment.filename]);
    return state.records.map((record) => ({
      kind: 'record',
      key: record.uuid,
      title: record.title,
      file: record.location.file,
      spec: {
        uuid: record.uuid,
        xml: withAttachmentUrls(record.xml, record.uuid, attached.get(record.uuid) ?? [], state.platform.geonetwork.url),
        publishedToAll: state.platform.publishToAll,
        ...(record.privileges ? { privileges: record.privileges } : {}),
        ...(state.platform.geonetwork.publishAs === 'mef'
          ? { mef: state.attachments.filter((attachment) => attachment.uuid === record.uuid).map(({ filename, bytes }) => ({ filename, bytes })) }
          : {}),
      },
      dependsOn: [],
    }));
  },

  async observe(ctx, options) {
    const gn = ctx.geonetwork;
    const group = managedGroup(ctx);
    const filters: Record<string, unknown>[] = [{ term: { groupOwner: String(group) } }, { term: { isTemplate: 'n' } }];
    if (options.keys) {
      if (options.keys.size === 0) return [];
      filters.push({ terms: { uuid: [...options.keys] } });
    }
    const summaries = await gn.searchAll(filters);
    const found = await mapLimit(summaries, FETCH_CONCURRENCY, async (summary) => {
      const previous = options.previous.get(summary.uuid);
      const base = { kind: 'record' as const, key: summary.uuid, title: summary.title, version: summary.changeDate, facts: factsOf(summary) };
      const declared = (options.desired?.get(summary.uuid)?.spec as RecordSpec | undefined)?.privileges !== undefined;
      // sharing does not move changeDate: it is read afresh (the index's isPublishedToAll, or the sharing API)
      const privileges = declared ? await readPrivileges(ctx, summary.uuid) : undefined;
      const sharing = { uuid: summary.uuid, publishedToAll: summary.isPublishedToAll ?? false, ...(privileges ? { privileges } : {}) };
      if (summary.changeDate && previous?.version === summary.changeDate) {
        return { ...base, spec: { ...sharing, reusedXml: xmlPart(reusedFrom(previous)) } } as ObservedResource<RecordSpec | ReusedRecord>;
      }
      const xml = await gn.getRecordXml(summary.uuid);
      if (xml === null) return undefined;
      return { ...base, spec: { ...sharing, xml } } as ObservedResource<RecordSpec | ReusedRecord>;
    });
    return found.filter((item): item is ObservedResource<RecordSpec | ReusedRecord> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules, counterpart?: DesiredResource<RecordSpec>) {
    const declared = 'reusedXml' in resource.spec || !isDesired(resource) ? counterpart?.spec.privileges !== undefined : resource.spec.privileges !== undefined;
    if ('reusedXml' in resource.spec) {
      const xml = reusedCanonical(resource.spec.reusedXml);
      return { ...xml, text: `${sharingHeader(resource.spec.publishedToAll, resource.spec.privileges, declared)}${xml.text}` };
    }
    return canonicalRecord(resource.spec, rules, declared);
  },

  async create(ctx, resource) {
    const { uuid, publishedToAll, privileges } = resource.spec;
    const sharing = privileges && (await sharingOf(ctx, uuid, privileges));
    await sendRecord(ctx, resource.spec, { group: managedGroup(ctx), uuidProcessing: 'OVERWRITE', publishToAll: sharing ? false : publishedToAll });
    if (sharing) await ctx.geonetwork.putSharing(uuid, sharing);
  },

  async update(ctx, resource, observed) {
    const gn = ctx.geonetwork;
    const { uuid, publishedToAll, privileges } = resource.spec;
    const sharing = privileges && (await sharingOf(ctx, uuid, privileges));
    await sendRecord(ctx, resource.spec, { group: managedGroup(ctx), uuidProcessing: 'OVERWRITE', publishToAll: sharing ? false : publishedToAll });
    if (sharing) {
      await gn.putSharing(uuid, sharing);
      return;
    }
    // publishToAll=true on the upsert grants "all"; withdrawing it needs the sharing API
    const wasPublished = observed.facts?.isPublishedToAll === true;
    if (wasPublished && !publishedToAll) await gn.setPublishedToAll(uuid, false);
  },

  async delete(ctx, observed) {
    await ctx.geonetwork.deleteRecord(observed.key);
  },
};
