// GeoServer resources as desired-state YAML (docs/format.md): workspace.yaml, stores, layers
// (feature type + layer merged), style sidecars and layer groups. Pure: live objects in, text out.
import type { GsDataStore, GsLayer, GsLayerGroup, GsMetadataLink } from '../../clients/geoserver.ts';
import type { StoreType } from '../../desired/model.ts';
import { METADATA_LINK_TYPE, METADATA_STANDARD, recordXmlUrl } from '../../resources/featuretype.ts';
import type { StyleLegend } from '../geoserver-reader.ts';
import { isSecretParameter, storeSecretBase, type SecretVariables } from '../secrets.ts';
import type { LiveFeatureType, LiveWorkspace, Note } from '../types.ts';
import { stringsOf, typedScalar, unreadableText, yamlFile } from './yaml.ts';

export interface Rendered {
  path: string;
  text: string;
  notes: Note[];
}

function unreadableNotes(subject: string, value: Record<string, unknown>): Note[] {
  const found = [...new Set(stringsOf(value).map(unreadableText).filter(Boolean))];
  return found.map((kind) => ({ kind: 'firstApply' as const, subject, message: `a value contains ${kind}, which the loader substitutes: check the file` }));
}

export function workspaceFile(ws: LiveWorkspace): Rendered {
  const path = `workspaces/${ws.name}/workspace.yaml`;
  return { path, text: yamlFile(path, 'workspace', { namespaceUri: ws.namespaceUri, isolated: ws.isolated }), notes: [] };
}

/** Connection parameters as GeoServer names them; secrets become ${VAR}s, GeoServer's own `namespace` is left out. */
export function storeFile(store: GsDataStore, type: StoreType, variables: SecretVariables): Rendered {
  const key = `${store.workspace}:${store.name}`;
  const path = `workspaces/${store.workspace}/stores/${store.name}.yaml`;
  const notes: Note[] = [];
  const connection: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(store.connectionParameters)) {
    if (name === 'namespace') continue;
    if (!isSecretParameter(name)) {
      connection[name] = typedScalar(value);
      continue;
    }
    if (value === '') continue;
    connection[name] = variables.placeholder(storeSecretBase(store.workspace, store.name, name), `${name} of store ${key}`);
    if (name !== 'passwd') notes.push({ kind: 'firstApply', subject: `store ${key}`, message: `parameter ${name} is compared as text: plan shows it until the first apply sends the variable's value` });
  }
  const value: Record<string, unknown> = { type, description: store.description, enabled: store.enabled, connection };
  const readBack = { description: store.description, connection: Object.fromEntries(Object.entries(store.connectionParameters).filter(([name]) => !isSecretParameter(name))) };
  return { path, text: yamlFile(path, 'store', value), notes: [...notes, ...unreadableNotes(`store ${key}`, readBack)] };
}

/** The links geoflux writes for a layer: one to the record's XML on the platform's GeoNetwork. */
function linksGeofluxWrites(geonetworkUrl: string, uuid: string | undefined): GsMetadataLink[] {
  return uuid ? [{ type: METADATA_LINK_TYPE, metadataType: METADATA_STANDARD, content: recordXmlUrl(geonetworkUrl, uuid) }] : [];
}

const linkText = (links: GsMetadataLink[]) => JSON.stringify(links.map(({ type, metadataType, content }) => ({ type, metadataType, content })));

export function layerFile(ws: string, layer: GsLayer, live: LiveFeatureType, metadata: string | undefined, geonetworkUrl: string): Rendered {
  const ft = live.featureType;
  const key = `${ws}:${layer.name}`;
  const path = `workspaces/${ws}/layers/${layer.name}.yaml`;
  const notes: Note[] = [];
  if (!ft.title) notes.push({ kind: 'firstApply', subject: `layer ${key}`, message: 'it has no title: the layer name is written as title' });
  if (linkText(ft.metadataLinks) !== linkText(linksGeofluxWrites(geonetworkUrl, metadata))) {
    const now = ft.metadataLinks.map((link) => link.content).join(', ') || 'none';
    notes.push({ kind: 'firstApply', subject: `layer ${key}`, message: `its metadata links (${now}) become ${metadata ? `the link to record ${metadata}` : 'none'}` });
  }
  const bbox = ft.nativeBoundingBox;
  const value: Record<string, unknown> = {
    store: live.store,
    nativeName: ft.nativeName === layer.name ? undefined : ft.nativeName,
    title: ft.title || layer.name,
    abstract: ft.abstract,
    keywords: ft.keywords.length > 0 ? ft.keywords : undefined,
    srs: ft.srs,
    bbox: bbox ? { minx: bbox.minx, miny: bbox.miny, maxx: bbox.maxx, maxy: bbox.maxy, crs: bbox.crs } : undefined,
    defaultStyle: layer.defaultStyle,
    styles: layer.styles.length > 0 ? layer.styles : undefined,
    metadata,
    enabled: ft.enabled,
    advertised: ft.advertised,
    queryable: layer.queryable,
  };
  return { path, text: yamlFile(path, 'layer', value), notes: [...notes, ...unreadableNotes(`layer ${key}`, value)] };
}

/** styles/<name>.yaml, only when there is something to say: the workspace or the legend. */
export function styleSidecarFile(name: string, workspace: string | undefined, legend: StyleLegend | undefined): Rendered | undefined {
  if (!workspace && !legend) return undefined;
  const path = `styles/${name}.yaml`;
  return { path, text: yamlFile(path, 'style', { workspace, legend }), notes: [] };
}

export function layerGroupFile(group: GsLayerGroup, metadata: string | undefined): Rendered {
  const key = group.workspace ? `${group.workspace}:${group.name}` : group.name;
  const path = `layergroups/${group.name}.yaml`;
  const notes: Note[] = [];
  if (!group.title) notes.push({ kind: 'firstApply', subject: `layer group ${key}`, message: 'it has no title: the group name is written as title' });
  const layers = group.publishables.map((item, index) => {
    const style = group.styles[index] ?? undefined;
    if (item.type === 'layerGroup') {
      const bare = item.name.includes(':') ? item.name.slice(item.name.indexOf(':') + 1) : item.name;
      if (bare !== item.name) notes.push({ kind: 'firstApply', subject: `layer group ${key}`, message: `member group ${item.name} is written by its name ${bare}` });
      return { group: bare };
    }
    const layer = !item.name.includes(':') && group.workspace ? `${group.workspace}:${item.name}` : item.name;
    return { layer, style };
  });
  const value: Record<string, unknown> = {
    title: group.title || group.name,
    abstract: group.abstract,
    mode: group.mode,
    workspace: group.workspace,
    layers,
    metadata,
  };
  return { path, text: yamlFile(path, 'layergroup', value), notes: [...notes, ...unreadableNotes(`layer group ${key}`, value)] };
}
