// GeoServer resources as desired-state YAML (docs/format.md): workspace.yaml, stores, layers
// (feature type + layer merged), style sidecars and layer groups. Pure: live objects in, text out.
import type { GsMetadataLink } from '../../clients/geoserver.ts';
import type { GsLayerGroup } from '../../resources/layergroup/rest.ts';
import type { GsLayer } from '../../resources/layer/rest.ts';
import type { GsDataStore } from '../../resources/datastore/rest.ts';
import type { MetadataLink } from '../../resources/layer/model.ts';
import type { StoreType } from '../../resources/datastore/model.ts';
import { desiredMetadataLinks, recordUuidOf, sameMetadataLinks } from '../../resources/layer/featuretype.ts';
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
    if (name !== 'passwd')
      notes.push({
        kind: 'firstApply',
        subject: `store ${key}`,
        message: `parameter ${name} is compared as text: plan shows it until the first apply sends the variable's value`,
      });
  }
  const value: Record<string, unknown> = { type, description: store.description, enabled: store.enabled, connection };
  const readBack = {
    description: store.description,
    connection: Object.fromEntries(Object.entries(store.connectionParameters).filter(([name]) => !isSecretParameter(name))),
  };
  return { path, text: yamlFile(path, 'store', value), notes: [...notes, ...unreadableNotes(`store ${key}`, readBack)] };
}

/**
 * The feature type's links besides the one geoflux writes to the layer's record: links naming that
 * record in another form are replaced by geoflux's own; a link without type, metadataType or
 * content cannot be written (the format needs all three).
 */
function extraLinks(links: GsMetadataLink[], metadata: string | undefined, subject: string, notes: Note[]): MetadataLink[] {
  const extra: MetadataLink[] = [];
  for (const { type, metadataType, content, about } of links) {
    if (metadata && recordUuidOf(content) === metadata) continue;
    if (!type || !metadataType || !content) {
      notes.push({
        kind: 'firstApply',
        subject,
        message: `its metadata link ${content || '(no content)'} has no ${!type ? 'type' : !metadataType ? 'metadataType' : 'content'}: the format cannot hold it`,
      });
      continue;
    }
    extra.push({ type, metadataType, content, ...(about ? { about } : {}) });
  }
  return extra;
}

export function layerFile(ws: string, layer: GsLayer, live: LiveFeatureType, metadata: string | undefined, geonetworkUrl: string): Rendered {
  const ft = live.featureType;
  const key = `${ws}:${layer.name}`;
  const path = `workspaces/${ws}/layers/${layer.name}.yaml`;
  const notes: Note[] = [];
  if (!ft.title) notes.push({ kind: 'firstApply', subject: `layer ${key}`, message: 'it has no title: the layer name is written as title' });
  const metadataLinks = extraLinks(ft.metadataLinks, metadata, `layer ${key}`, notes);
  const written = desiredMetadataLinks({ metadata, metadataLinks }, geonetworkUrl);
  if (!sameMetadataLinks(ft.metadataLinks, written)) {
    const contents = (links: GsMetadataLink[]) => links.map((link) => link.content).join(', ') || 'none';
    notes.push({ kind: 'firstApply', subject: `layer ${key}`, message: `its metadata links (${contents(ft.metadataLinks)}) become ${contents(written)}` });
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
    metadataLinks: metadataLinks.length > 0 ? metadataLinks : undefined,
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
      if (bare !== item.name)
        notes.push({ kind: 'firstApply', subject: `layer group ${key}`, message: `member group ${item.name} is written by its name ${bare}` });
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
