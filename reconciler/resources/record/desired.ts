// metadata/<uuid>.xml (ISO 19139 or ISO 19115-3, uuid = file name) and its optional
// metadata/<uuid>.yaml (selectors): published by its selectors when it has some, else with the
// layers and groups that point at it, or everywhere when nothing points at it. Rendered through
// the platform's {{NAME}} variables and transforms.
import type { DesiredKind, Report } from '../../desired/kind.ts';
import type { DesiredState } from '../../desired/model.ts';
import { readXmlFile } from '../../desired/files.ts';
import { hasSelectors } from '../../desired/selection.ts';
import { toSelectors } from '../selectors.ts';
import { inspectRecord, type RecordFacts } from './inspect.ts';
import type { MetadataRecord, RecordPrivileges } from './model.ts';
import schema from './metadata.schema.json' with { type: 'json' };

interface RecordFile {
  text: string;
  facts: RecordFacts;
}

export const recordFiles: DesiredKind<MetadataRecord> = {
  name: 'record',
  collection: 'records',
  files: [
    {
      pattern: /^metadata\/([^/]+)\.xml$/,
      key: (match) => match[1]!,
      part: 'main',
      reader: {
        read(bytes, file, uuid) {
          const xml = readXmlFile(bytes, file);
          if ('problem' in xml) return { problems: [xml.problem] };
          const { facts, problem } = inspectRecord(xml.root, file);
          if (problem) return { problems: [problem] };
          if (facts!.uuid !== uuid) {
            const message = facts!.uuid
              ? `the record's identifier is ${facts!.uuid} but the file is named ${uuid}.xml`
              : `the record has no identifier (expected ${uuid}, the file name)`;
            return { problems: [{ code: 'UuidMismatch', severity: 'error', message, location: { file, line: facts!.uuidLine ?? xml.root.line, col: 1 } }] };
          }
          return { problems: [], data: { text: xml.text, facts: facts! } satisfies RecordFile };
        },
      },
    },
    { pattern: /^metadata\/([^/]+)\.yaml$/, key: (match) => match[1]!, part: 'sidecar', reader: { yaml: schema } },
  ],
  orphanSidecar: (uuid) => ({ code: 'NoSuchRecord', message: `record sidecar without metadata/${uuid}.xml` }),
  build({ key, main, sidecar, location }) {
    const { text, facts } = main as RecordFile;
    const record: MetadataRecord = {
      uuid: key,
      schema: facts.schema,
      xml: text,
      title: facts.title,
      onlineResources: facts.onlineResources,
      ...toSelectors(sidecar),
      location,
    };
    if (facts.dateStamp !== undefined) record.dateStamp = facts.dateStamp;
    if (sidecar?.privileges) record.privileges = sidecar.privileges as RecordPrivileges;
    return record;
  },
  keyOf: (record) => record.uuid,
  selectorFile: (record) => `metadata/${record.uuid}.yaml`,
  check({ state, known, report, referencesTo, referrersIncomplete }) {
    checkOnlineResources(state, known, report);
    if (referrersIncomplete('record')) return;
    const described = new Set(referencesTo('record').map((reference) => reference.key));
    for (const record of state.records) {
      if (!described.has(record.uuid))
        report('MetadataWithoutLayer', 'warning', `record ${record.uuid} is not the metadata of any layer or layer group`, record.location);
    }
  },
  selection: {
    select: ({ items, selects, isRequired, isReferenced }) =>
      items.filter((record) => (hasSelectors(record) ? selects(record) : isRequired(record) || !isReferenced(record))),
  },
  templateText: (record) => record.xml,
  render: { xml: (record) => record.xml, withXml: (record, xml) => ({ ...record, xml }) },
};

/** The kinds whose items GeoServer publishes as layers (ws:name in WMS/WFS links). */
const LAYER_KINDS = ['layer', 'coverage', 'wmslayer', 'wmtslayer'];

/** A URL of one of the platforms' GeoServers (or written with {{geoserverUrl}}). */
function isOurGeoServer(url: string, state: DesiredState): boolean {
  if (url.includes('{{geoserverUrl}}')) return true;
  return state.config.platforms.some((platform) => platform.geoserver.url !== '' && url.startsWith(platform.geoserver.url));
}

/** OGC:WMS / OGC:WFS links name their layer as ws:layer (or a group), and that layer exists. */
function checkOnlineResources(state: DesiredState, known: (kind: string) => ReadonlySet<string>, report: Report): void {
  const groupNames = new Set(state.layerGroups.map((group) => (group.workspace ? `${group.workspace}:${group.name}` : group.name)));
  for (const record of state.records) {
    for (const resource of record.onlineResources) {
      const protocol = resource.protocol.toUpperCase();
      if (!protocol.startsWith('OGC:WMS') && !protocol.startsWith('OGC:WFS')) continue;
      const where = { file: record.location.file, line: resource.line };
      const ours = isOurGeoServer(resource.url, state);
      const colon = resource.name.indexOf(':');
      if (colon < 0) {
        if (ours && !groupNames.has(resource.name)) {
          report('BrokenMetadataLink', 'error', `${resource.protocol} link "${resource.name}" must name its layer as ws:layer`, where);
        }
        continue;
      }
      if (!ours && !known('workspace').has(resource.name.slice(0, colon))) continue;
      if (!LAYER_KINDS.some((kind) => known(kind).has(resource.name)) && !groupNames.has(resource.name)) {
        report('BrokenMetadataLink', 'error', `${resource.protocol} link names layer ${resource.name}, which does not exist`, where);
      }
    }
  }
}
