// Layer groups on GeoServer REST (FACTS A.8): publishables with positional styles, read as JSON,
// written as XML — the one encoding where a positional null style (<style/>) is unambiguous.
import { datesOf, escapeXml, placeBase, seg, type GeoServerClient, type GsDates, type ListedName } from '../../clients/geoserver.ts';
import { asArray, asString, isObject, refName, styleRef, styleRefBody } from '../../clients/geoserver-json.ts';

export interface GsPublished {
  type: 'layer' | 'layerGroup';
  /** "ws:layer" for a layer, the group name (or "ws:group") for a group. */
  name: string;
}

export type LayerGroupMode = 'SINGLE' | 'NAMED' | 'CONTAINER' | 'EO' | 'OPAQUE_CONTAINER';

export interface GsLayerGroup extends GsDates {
  name: string;
  workspace?: string;
  mode: LayerGroupMode;
  title?: string;
  abstract?: string;
  publishables: GsPublished[];
  /** Positional: one per publishable; null = that layer's default style. */
  styles: (string | null)[];
}

export type LayerGroupWrite = Omit<GsLayerGroup, keyof GsDates>;

const layerGroups = (ws?: string) => placeBase('layergroups', ws);

export function listLayerGroups(gs: GeoServerClient, ws?: string): Promise<ListedName[]> {
  return gs.list(`${layerGroups(ws)}.json`, 'layerGroups', 'layerGroup');
}

export async function getLayerGroup(gs: GeoServerClient, name: string, ws?: string): Promise<GsLayerGroup | null> {
  const body = await gs.getJson(`${layerGroups(ws)}/${seg(name)}.json`);
  const group = isObject(body?.layerGroup) ? body.layerGroup : null;
  if (!group) return null;
  const published = isObject(group.publishables) ? asArray(group.publishables.published) : [];
  const styles = isObject(group.styles) ? asArray(group.styles.style) : [];
  const publishables = published.filter(isObject).map((item) => ({
    type: item['@type'] === 'layerGroup' ? ('layerGroup' as const) : ('layer' as const),
    name: refName(item) ?? '',
  }));
  return {
    name: asString(group.name) ?? name,
    workspace: refName(group.workspace) ?? ws,
    mode: (asString(group.mode) ?? 'SINGLE') as LayerGroupMode,
    title: asString(group.title),
    abstract: asString(group.abstractTxt ?? group.abstract),
    publishables,
    styles: publishables.map((_, index) => styleRef(styles[index])),
    ...datesOf(group),
  };
}

export async function createLayerGroup(gs: GeoServerClient, group: LayerGroupWrite): Promise<void> {
  await gs.sendXml('POST', layerGroups(group.workspace), layerGroupXml(group));
}

export async function updateLayerGroup(gs: GeoServerClient, name: string, group: LayerGroupWrite): Promise<void> {
  await gs.sendXml('PUT', `${layerGroups(group.workspace)}/${seg(name)}`, layerGroupXml(group));
}

export async function deleteLayerGroup(gs: GeoServerClient, name: string, ws?: string): Promise<void> {
  await gs.remove(`${layerGroups(ws)}/${seg(name)}`);
}

function styleXml(ref: string | null): string {
  if (ref === null) return '<style/>';
  const { name, workspace } = styleRefBody(ref);
  return `<style><name>${escapeXml(name)}</name>${workspace ? `<workspace>${escapeXml(workspace)}</workspace>` : ''}</style>`;
}

export function layerGroupXml(group: LayerGroupWrite): string {
  const parts = [`<layerGroup><name>${escapeXml(group.name)}</name><mode>${group.mode}</mode>`];
  if (group.workspace) parts.push(`<workspace><name>${escapeXml(group.workspace)}</name></workspace>`);
  if (group.title !== undefined) parts.push(`<title>${escapeXml(group.title)}</title>`);
  if (group.abstract !== undefined) parts.push(`<abstractTxt>${escapeXml(group.abstract)}</abstractTxt>`);
  parts.push('<publishables>');
  for (const item of group.publishables) parts.push(`<published type="${item.type}"><name>${escapeXml(item.name)}</name></published>`);
  parts.push('</publishables><styles>');
  for (const style of group.styles) parts.push(styleXml(style));
  parts.push('</styles></layerGroup>');
  return parts.join('');
}
