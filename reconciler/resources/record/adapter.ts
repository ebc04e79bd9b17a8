// Metadata records on GeoNetwork (FACTS B): upsert with PUT /records (OVERWRITE) into the
// platform's group, sharing with "all" per platform.publishToAll. Observe lists the managed
// group in bulk through _search (changeDate as version) and fetches the XML only of records whose
// changeDate moved since the last run.

import type { IgnoreRules } from '../../desired/model.ts';
import type { RecordSummary } from '../../clients/geonetwork.ts';
import { canonicalXml } from '../../core/canonical-xml.ts';
import type { Canonical } from '../../core/canonical.ts';
import { FETCH_CONCURRENCY, isReused, mapLimit, reusedCanonical, reusedFrom, type Reused } from '../common.ts';
import type { DesiredResource, ObservedResource, PlatformContext, ResourceAdapter } from '../types.ts';

export interface RecordSpec {
  uuid: string;
  xml: string;
  publishedToAll: boolean;
}

type Resource = DesiredResource<RecordSpec> | ObservedResource<RecordSpec | Reused>;

const WEB_SERVICE_PROTOCOLS = /^OGC:(WMS|WFS)/i;

export function canonicalRecord(spec: RecordSpec, rules: IgnoreRules): Canonical {
  const xml = canonicalXml(spec.xml, { ignore: rules.metadata });
  return { text: `publishedToAll: ${spec.publishedToAll}\n${xml.text}`, ignored: xml.ignored, masked: xml.masked };
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

export const recordAdapter: ResourceAdapter<RecordSpec, RecordSpec | Reused> = {
  kind: 'record',
  labels: { fr: 'fiche de métadonnées', en: 'metadata record' },
  // prune only touches records of the managed group
  inScope(resource, scope) {
    const owner = resource.facts?.groupOwner;
    if (owner === undefined || scope.metadataGroup === undefined) return scope.metadataGroup !== undefined;
    return String(owner) === String(scope.metadataGroup);
  },

  desired(state) {
    return state.records.map((record) => ({
      kind: 'record',
      key: record.uuid,
      title: record.title,
      file: record.location.file,
      spec: { uuid: record.uuid, xml: record.xml, publishedToAll: state.platform.publishToAll },
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
      // sharing does not move changeDate: a record whose publication differs is fetched again
      const samePublication = previous?.canonical.startsWith(`publishedToAll: ${summary.isPublishedToAll ?? false}\n`);
      if (summary.changeDate && previous?.version === summary.changeDate && samePublication) {
        return { ...base, spec: reusedFrom(previous) } as ObservedResource<RecordSpec | Reused>;
      }
      const xml = await gn.getRecordXml(summary.uuid);
      if (xml === null) return undefined;
      return { ...base, spec: { uuid: summary.uuid, xml, publishedToAll: summary.isPublishedToAll ?? false } } as ObservedResource<RecordSpec | Reused>;
    });
    return found.filter((item): item is ObservedResource<RecordSpec | Reused> => !!item);
  },

  normalise(resource: Resource, rules: IgnoreRules) {
    if (isReused(resource.spec)) return reusedCanonical(resource.spec);
    return canonicalRecord(resource.spec, rules);
  },

  async create(ctx, resource) {
    const { xml, publishedToAll } = resource.spec;
    await ctx.geonetwork.putRecord(xml, { group: managedGroup(ctx), uuidProcessing: 'OVERWRITE', publishToAll: publishedToAll });
  },

  async update(ctx, resource, observed) {
    const gn = ctx.geonetwork;
    const { uuid, xml, publishedToAll } = resource.spec;
    await gn.putRecord(xml, { group: managedGroup(ctx), uuidProcessing: 'OVERWRITE', publishToAll: publishedToAll });
    // publishToAll=true on the upsert grants "all"; withdrawing it needs the sharing API
    const wasPublished = observed.facts?.isPublishedToAll === true;
    if (wasPublished && !publishedToAll) await gn.setPublishedToAll(uuid, false);
  },

  async delete(ctx, observed) {
    await ctx.geonetwork.deleteRecord(observed.key);
  },
};
