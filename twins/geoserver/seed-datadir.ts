// Load a GeoServer data directory: the XStream XML files GeoServer persists its catalog in.
// References there are by <id>; they are resolved here, unresolvable ones dropped (as GeoServer
// does when it loads a catalog with dangling references).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { styleRefOf, type Catalog, type FeatureTypeRec, type LayerGroupMode, type PublishedRef, type StyleRef } from './catalog.ts';
import { computedLatLonBox, computedNativeBox, geometryStyleName } from './native.ts';
import { readBBox, readKeywords, readLinks } from './resources/common.ts';
import { storedConnection } from './resources/datastores.ts';
import { bool, entries, list, num, obj, text, type Mapped, type MappedObject } from './xstream/body.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '$',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
});

interface Ids {
  workspaces: Map<string, string>;
  stores: Map<string, { workspace: string; name: string }>;
  featureTypes: Map<string, { workspace: string; name: string }>;
  layers: Map<string, string>;
  styles: Map<string, StyleRef>;
  groups: Map<string, string>;
}

async function readXml(file: string, root: string): Promise<MappedObject | undefined> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: MappedObject;
  try {
    parsed = parser.parse(content, true) as MappedObject;
  } catch (error) {
    throw new Error(`${file}: not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
  const value = obj(parsed[root]);
  if (!value) throw new Error(`${file}: expected a <${root}> document`);
  return value;
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    const entriesInDir = await readdir(dir, { withFileTypes: true });
    return entriesInDir
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

async function xmlFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.xml')).sort();
  } catch {
    return [];
  }
}

const idOf = (value: Mapped | undefined) => text(obj(value)?.id);

export async function seedFromDataDir(catalog: Catalog, dataDir: string): Promise<void> {
  if (!(await stat(dataDir).catch(() => undefined))?.isDirectory()) throw new Error(`GeoServer data directory not found: ${dataDir}`);
  const ids: Ids = { workspaces: new Map(), stores: new Map(), featureTypes: new Map(), layers: new Map(), styles: new Map(), groups: new Map() };
  const wsRoot = join(dataDir, 'workspaces');
  const wsDirs = await subdirs(wsRoot);

  for (const dir of wsDirs) {
    const ws = await readXml(join(wsRoot, dir, 'workspace.xml'), 'workspace');
    if (!ws) continue;
    const name = text(ws.name) ?? dir;
    catalog.addWorkspace({ name, isolated: bool(ws.isolated) ?? false, dateCreated: text(ws.dateCreated), dateModified: text(ws.dateModified) });
    ids.workspaces.set(text(ws.id) ?? name, name);
    const ns = await readXml(join(wsRoot, dir, 'namespace.xml'), 'namespace');
    catalog.addNamespace({ prefix: name, uri: text(ns?.uri) ?? `http://${name}`, isolated: bool(ns?.isolated) ?? false });
  }
  await loadStyles(catalog, ids, join(dataDir, 'styles'), undefined);
  for (const dir of wsDirs) {
    const wsName = [...ids.workspaces.values()].find((n) => n === dir) ?? dir;
    if (catalog.workspace(wsName)) await loadStyles(catalog, ids, join(wsRoot, dir, 'styles'), wsName);
  }
  for (const dir of wsDirs) {
    for (const storeDir of await subdirs(join(wsRoot, dir))) {
      const store = await readXml(join(wsRoot, dir, storeDir, 'datastore.xml'), 'dataStore');
      if (!store) continue;
      const workspace = ids.workspaces.get(idOf(store.workspace) ?? '') ?? dir;
      const name = text(store.name) ?? storeDir;
      catalog.addStore({
        workspace,
        name,
        description: text(store.description),
        type: text(store.type),
        enabled: bool(store.enabled) ?? true,
        connection: storedConnection(entries(store.connectionParameters)),
        default: bool(store.__default) ?? false,
        disableOnConnFailure: bool(store.disableOnConnFailure),
        dateCreated: text(store.dateCreated),
        dateModified: text(store.dateModified),
      });
      ids.stores.set(text(store.id) ?? name, { workspace, name });
      for (const ftDir of await subdirs(join(wsRoot, dir, storeDir))) {
        await loadFeatureType(catalog, ids, join(wsRoot, dir, storeDir, ftDir), { workspace, name });
      }
    }
  }
  await loadGroups(catalog, ids, join(dataDir, 'layergroups'));
  for (const dir of wsDirs) await loadGroups(catalog, ids, join(wsRoot, dir, 'layergroups'));
}

async function loadStyles(catalog: Catalog, ids: Ids, dir: string, workspace: string | undefined): Promise<void> {
  for (const file of await xmlFiles(dir)) {
    const style = await readXml(join(dir, file), 'style');
    if (!style) continue;
    const name = text(style.name) ?? file.replace(/\.xml$/, '');
    const version = text(obj(style.languageVersion)?.version) === '1.1.0' ? '1.1.0' : '1.0.0';
    const existing = catalog.style(workspace, name);
    if (existing) catalog.discardStyle(existing);
    const rec = {
      workspace,
      name,
      format: text(style.format) ?? 'sld',
      languageVersion: version as '1.0.0' | '1.1.0',
      filename: text(style.filename) ?? `${name}.sld`,
      dateCreated: text(style.dateCreated),
      dateModified: text(style.dateModified),
    };
    catalog.addStyle(rec);
    const body = await readFile(join(dir, rec.filename)).catch(() => undefined);
    if (body) catalog.writeStyleFile(rec, body);
    ids.styles.set(text(style.id) ?? name, styleRefOf(rec));
  }
}

async function loadFeatureType(catalog: Catalog, ids: Ids, dir: string, store: { workspace: string; name: string }): Promise<void> {
  const ft = await readXml(join(dir, 'featuretype.xml'), 'featureType');
  if (!ft) return;
  const name = text(ft.name) ?? '';
  const nativeName = text(ft.nativeName) ?? name;
  const srs = text(ft.srs) ?? 'EPSG:4326';
  const latLon = readBBox(ft.latLonBoundingBox, 'EPSG:4326') ?? computedLatLonBox({ workspace: store.workspace, store: store.name, nativeName });
  const rec: FeatureTypeRec = {
    workspace: store.workspace,
    store: store.name,
    name,
    nativeName,
    title: text(ft.title),
    abstract: text(ft.abstract),
    description: text(ft.description),
    keywords: readKeywords(ft.keywords),
    metadataLinks: readLinks(ft.metadataLinks, 'metadataLink'),
    dataLinks: readLinks(ft.dataLinks, 'org.geoserver.catalog.impl.DataLinkInfoImpl'),
    srs,
    nativeBoundingBox: readBBox(ft.nativeBoundingBox, srs) ?? computedNativeBox(latLon, srs),
    latLonBoundingBox: latLon,
    projectionPolicy: text(ft.projectionPolicy) ?? 'FORCE_DECLARED',
    enabled: bool(ft.enabled) ?? true,
    advertised: bool(ft.advertised),
    metadata: entries(ft.metadata),
    cqlFilter: text(ft.cqlFilter),
    maxFeatures: num(ft.maxFeatures) ?? 0,
    numDecimals: num(ft.numDecimals) ?? 0,
    dateCreated: text(ft.dateCreated),
    dateModified: text(ft.dateModified),
  };
  catalog.addFeatureType(rec);
  ids.featureTypes.set(text(ft.id) ?? name, { workspace: store.workspace, name });
  const layer = await readXml(join(dir, 'layer.xml'), 'layer');
  if (!layer) return;
  const styleRef = (value: Mapped) => ids.styles.get(idOf(value) ?? text(obj(value)?.name) ?? '');
  const alternates = list(obj(layer.styles)?.style)
    .map(styleRef)
    .filter((s): s is StyleRef => s !== undefined);
  const attribution = obj(layer.attribution) ?? {};
  catalog.addLayer({
    workspace: store.workspace,
    name: text(layer.name) ?? name,
    path: text(layer.path),
    defaultStyle: (layer.defaultStyle !== undefined ? styleRef(layer.defaultStyle) : undefined) ?? { name: geometryStyleName(catalog, rec) },
    styles: alternates,
    queryable: bool(layer.queryable),
    opaque: bool(layer.opaque),
    attribution: {
      title: text(attribution.title),
      href: text(attribution.href),
      logoWidth: num(attribution.logoWidth) ?? 0,
      logoHeight: num(attribution.logoHeight) ?? 0,
    },
    dateCreated: text(layer.dateCreated),
    dateModified: text(layer.dateModified),
  });
  ids.layers.set(text(layer.id) ?? name, `${store.workspace}:${text(layer.name) ?? name}`);
}

async function loadGroups(catalog: Catalog, ids: Ids, dir: string): Promise<void> {
  for (const file of await xmlFiles(dir)) {
    const group = await readXml(join(dir, file), 'layerGroup');
    if (!group) continue;
    const workspace = group.workspace !== undefined ? ids.workspaces.get(idOf(group.workspace) ?? '') : undefined;
    const published = list(obj(group.publishables)?.published);
    const styles = obj(group.styles);
    const rawStyles: Mapped[] = styles && styles.style !== undefined ? (Array.isArray(styles.style) ? styles.style : [styles.style]) : [];
    const publishables: PublishedRef[] = [];
    const groupStyles: (StyleRef | null)[] = [];
    published.forEach((p, i) => {
      const type = text(obj(p)?.['@type']) === 'layerGroup' ? 'layerGroup' : 'layer';
      const name = type === 'layer' ? ids.layers.get(idOf(p) ?? '') : ids.groups.get(idOf(p) ?? '');
      if (!name) return;
      publishables.push({ type, name });
      const style = rawStyles[i];
      groupStyles.push(style === undefined || style === '' ? null : (ids.styles.get(idOf(style) ?? '') ?? null));
    });
    const name = text(group.name) ?? file.replace(/\.xml$/, '');
    catalog.addLayerGroup({
      workspace,
      name,
      mode: (text(group.mode) as LayerGroupMode | undefined) ?? 'SINGLE',
      title: text(group.title),
      abstractTxt: text(group.abstractTxt),
      publishables,
      styles: groupStyles,
      bounds: readBBox(group.bounds),
      metadataLinks: readLinks(group.metadataLinks, 'metadataLink'),
      keywords: readKeywords(group.keywords),
      dateCreated: text(group.dateCreated),
      dateModified: text(group.dateModified),
    });
    ids.groups.set(text(group.id) ?? name, workspace ? `${workspace}:${name}` : name);
  }
}
