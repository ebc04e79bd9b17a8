// The bodies of what an import keeps: style SLDs byte for byte (with their legend) and records' XML
// as the catalogue holds them, each checked the way geoflux validate will check it.
import type { GeoNetworkClient, RecordSummary } from '../clients/geonetwork.ts';
import type { GeoServerClient } from '../clients/geoserver.ts';
import { readXmlFile } from '../desired/files.ts';
import { inspectRecord } from '../resources/record/inspect.ts';
import { inspectStyle } from '../resources/style/inspect.ts';
import { mapLimit, splitKey } from '../resources/common.ts';
import { readStyleBody, readStyleLegend } from './geoserver-reader.ts';
import { styleSidecarFile } from './render/geoserver.ts';
import { unreadableText } from './render/yaml.ts';
import type { LiveGeoServer, Note, Selection } from './types.ts';

const SAFE_FILE_NAME = /^[^/\\.][^/\\]*$/;

export async function fetchStyles(
  gs: GeoServerClient,
  live: LiveGeoServer,
  selection: Selection,
  files: Map<string, Uint8Array>,
  notes: Note[],
  concurrency: number,
): Promise<void> {
  const used = usedStyles(live, selection);
  const styles = [...selection.styles].sort().map((ref) => {
    const [ws] = splitKey(ref);
    return (ws ? live.workspaces.get(ws)!.styles : live.globalStyles).find((style) => style.ref === ref)!;
  });
  await mapLimit(styles, concurrency, async ({ info, ref }) => {
    const [body, legend] = await Promise.all([readStyleBody(gs, info), readStyleLegend(gs, info)]);
    if (!body) {
      notes.push({ kind: 'skipped', subject: `style ${ref}`, message: 'GeoServer has no body for it' });
      return;
    }
    const refused = styleProblem(body, `styles/${info.name}.sld`);
    if (refused && !used.has(ref)) {
      notes.push({ kind: 'skipped', subject: `style ${ref}`, message: `no imported layer uses it and geoflux validate refuses its body: ${refused}` });
      return;
    }
    if (refused) notes.push({ kind: 'invalid', subject: `style ${ref}`, message: refused });
    if (info.format && info.format.toLowerCase() !== 'sld') {
      notes.push({
        kind: 'firstApply',
        subject: `style ${ref}`,
        message: `GeoServer stores it as ${info.format}: imported as GeoServer's SLD translation, which apply uploads as SLD`,
      });
    }
    files.set(`styles/${info.name}.sld`, body);
    const sidecar = styleSidecarFile(info.name, info.workspace, legend);
    if (sidecar) files.set(sidecar.path, Buffer.from(sidecar.text, 'utf8'));
  });
}

/** Style references of the kept layers and groups. */
function usedStyles(live: LiveGeoServer, selection: Selection): Set<string> {
  const used = new Set<string>();
  for (const key of selection.layers) {
    const [ws, name] = splitKey(key);
    const layer = live.workspaces.get(ws!)?.layers.get(name);
    for (const ref of [layer?.defaultStyle, ...(layer?.styles ?? [])]) if (ref) used.add(ref);
  }
  for (const key of selection.layerGroups) {
    const [ws, name] = splitKey(key);
    const group = (ws ? live.workspaces.get(ws)?.layerGroups : live.globalLayerGroups)?.find((candidate) => candidate.name === name);
    for (const ref of group?.styles ?? []) if (ref) used.add(ref);
  }
  return used;
}

/** What the loader would say about an SLD body (undefined = fine). */
function styleProblem(body: Uint8Array, file: string): string | undefined {
  const xml = readXmlFile(body, file);
  if ('problem' in xml) return `${xml.problem.code}: ${xml.problem.message}`;
  const { problem } = inspectStyle(xml.root, file);
  return problem ? `${problem.code}: ${problem.message}` : undefined;
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

export async function fetchRecords(
  gn: GeoNetworkClient,
  records: RecordSummary[],
  files: Map<string, Uint8Array>,
  notes: Note[],
  concurrency: number,
): Promise<void> {
  await mapLimit(records, concurrency, async ({ uuid }) => {
    if (!SAFE_FILE_NAME.test(uuid)) {
      notes.push({ kind: 'skipped', subject: `record ${uuid}`, message: 'its uuid cannot be a file name' });
      return;
    }
    const xml = await gn.getRecordXml(uuid);
    if (xml === null) {
      notes.push({ kind: 'skipped', subject: `record ${uuid}`, message: 'GeoNetwork did not return its XML' });
      return;
    }
    const refused = recordProblem(xml, uuid);
    if (refused) notes.push({ kind: 'invalid', subject: `record ${uuid}`, message: refused });
    if (unreadableText(xml) === '{{…}}')
      notes.push({ kind: 'firstApply', subject: `record ${uuid}`, message: 'its XML contains {{…}}, which render replaces by platform variables' });
    files.set(`metadata/${uuid}.xml`, Buffer.from(xml, 'utf8'));
  });
}
