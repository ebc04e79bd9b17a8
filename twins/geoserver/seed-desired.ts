// Publishing what a platform publishes (twins/seed/desired-state.ts) the way an administrator does
// with curl against GeoServer's REST API (FACTS A.1-A.8, GeoServer's REST documentation): each
// workspace with its namespace URI, each store with its connection parameters, each data file uploaded
// as its store (configuring nothing: its layers come from their own layers/ and coverages/ files), each style as
// its info then its SLD body byte for byte (raw=true), each feature type (which creates its layer)
// then the layer's styles; coverage stores, WMS and WMTS stores, each coverage (named, then described) and
// cascaded layer; each layer group; each GeoWebCache tile layer (PUT on /gwc/rest). The twin answers these calls with its own REST routes;
// a call it refuses stops the seed, naming the desired-state file and the twin's answer.
import { zipSync } from 'fflate';
import { GlobalConfig } from './global.ts';
import { SecurityConfig } from './security.ts';
import type { PublishedState, SeedCoverage, SeedDataFile, SeedDimension, SeedLayer, SeedLink, SeedTileLayer } from '../seed/desired-state.ts';

export interface SeedCall {
  /** The desired-state file the call publishes. */
  file: string;
  method: 'POST' | 'PUT' | 'DELETE';
  /** Below /geoserver, e.g. /rest/workspaces */
  path: string;
  contentType: string;
  body: Buffer;
}

const seg = encodeURIComponent;
const json = (file: string, method: SeedCall['method'], path: string, body: unknown): SeedCall => ({
  file,
  method,
  path,
  contentType: 'application/json',
  body: Buffer.from(JSON.stringify(body)),
});
const escapeXml = (value: string) => value.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);

/** "ws:name" → a workspace style reference, "name" → a global one. */
function styleRef(reference: string): { name: string; workspace?: string } {
  const colon = reference.indexOf(':');
  return colon < 0 ? { name: reference } : { name: reference.slice(colon + 1), workspace: reference.slice(0, colon) };
}

/** The link a layer has to its record: the record's XML on the platform's GeoNetwork. */
function recordLink(geonetworkUrl: string, uuid: string): SeedLink {
  return { type: 'text/xml', metadataType: 'ISO19115:2003', content: `${geonetworkUrl.replace(/\/+$/, '')}/srv/api/records/${seg(uuid)}/formatters/xml` };
}

function linksOf(layer: Pick<SeedLayer, 'metadata' | 'metadataLinks'>, geonetworkUrl: string): SeedLink[] {
  const links = [...(layer.metadata ? [recordLink(geonetworkUrl, layer.metadata)] : []), ...layer.metadataLinks];
  return links.filter((link, index) => links.findIndex((other) => other.content === link.content && other.type === link.type) === index);
}

const metadataLinksBody = (links: SeedLink[]) => ({
  metadataLink: links.map((link) => ({
    type: link.type,
    metadataType: link.metadataType,
    content: link.content,
    ...(link.about ? { about: link.about } : {}),
  })),
});

export function geoserverCalls(state: PublishedState): SeedCall[] {
  const calls: SeedCall[] = [];
  const geonetworkUrl = state.platform.geonetworkUrl;
  for (const ws of state.workspaces) {
    calls.push(json(ws.file, 'POST', '/rest/workspaces', { workspace: { name: ws.name, isolated: ws.isolated } }));
    calls.push(json(ws.file, 'PUT', `/rest/namespaces/${seg(ws.name)}`, { namespace: { prefix: ws.name, uri: ws.namespaceUri, isolated: ws.isolated } }));
  }
  for (const store of state.stores) {
    const dataStore = {
      name: store.name,
      ...(store.description !== undefined ? { description: store.description } : {}),
      enabled: store.enabled,
      connectionParameters: { entry: store.connection.map(([key, value]) => ({ '@key': key, $: value })) },
    };
    calls.push(json(store.file, 'POST', `/rest/workspaces/${seg(store.workspace)}/datastores`, { dataStore }));
  }
  for (const store of state.coverageStores) {
    const coverageStore = { name: store.name, type: store.type, url: store.url, enabled: store.enabled, description: store.description ?? '' };
    calls.push(json(store.file, 'POST', `/rest/workspaces/${seg(store.workspace)}/coveragestores`, { coverageStore }));
  }
  for (const data of state.dataFiles) calls.push(uploadCall(data));
  for (const store of state.wmsStores) {
    const wmsStore = {
      name: store.name,
      capabilitiesURL: store.capabilitiesURL,
      description: store.description ?? '',
      enabled: store.enabled,
      ...(store.user !== undefined ? { user: store.user } : {}),
      ...(store.password !== undefined ? { password: store.password } : {}),
      ...(store.maxConnections !== undefined ? { maxConnections: store.maxConnections } : {}),
      ...(store.readTimeout !== undefined ? { readTimeout: String(store.readTimeout) } : {}),
      ...(store.connectTimeout !== undefined ? { connectTimeout: String(store.connectTimeout) } : {}),
    };
    calls.push(json(store.file, 'POST', `/rest/workspaces/${seg(store.workspace)}/wmsstores`, { wmsStore }));
  }
  for (const store of state.wmtsStores) {
    const wmtsStore = {
      name: store.name,
      capabilitiesURL: store.capabilitiesURL,
      description: store.description ?? '',
      enabled: store.enabled,
      ...(store.user !== undefined ? { user: store.user } : {}),
      ...(store.password !== undefined ? { password: store.password } : {}),
      ...(store.maxConnections !== undefined ? { maxConnections: store.maxConnections } : {}),
      ...(store.readTimeout !== undefined ? { readTimeout: String(store.readTimeout) } : {}),
      ...(store.connectTimeout !== undefined ? { connectTimeout: String(store.connectTimeout) } : {}),
      ...(store.headerName !== undefined ? { headerName: store.headerName } : {}),
      ...(store.headerValue !== undefined ? { headerValue: store.headerValue } : {}),
    };
    const base = `/rest/workspaces/${seg(store.workspace)}/wmtsstores`;
    calls.push(json(store.file, 'POST', base, { wmtsStore }));
    // WMTSStoreController.postStore enables the store whatever the body says
    if (!store.enabled) calls.push(json(store.file, 'PUT', `${base}/${seg(store.name)}`, { wmtsStore: { name: store.name, enabled: false } }));
  }
  for (const style of state.styles) {
    const base = style.workspace ? `/rest/workspaces/${seg(style.workspace)}/styles` : '/rest/styles';
    if (style.icons.length > 0) {
      // a style package: the SLD and its icons zipped, as an administrator uploads them
      const entries = Object.fromEntries([[`${style.name}.sld`, style.body], ...style.icons.map((icon) => [icon.name, icon.bytes])]);
      calls.push({
        file: style.file,
        method: 'POST',
        path: `${base}?name=${seg(style.name)}`,
        contentType: 'application/zip',
        body: Buffer.from(zipSync(entries)),
      });
      if (style.legend) {
        const { url, width, height, format } = style.legend;
        calls.push(json(style.file, 'PUT', `${base}/${seg(style.name)}`, { style: { legend: { width, height, format, onlineResource: url } } }));
      }
      continue;
    }
    const info = { name: style.name, format: 'sld', languageVersion: { version: style.version }, filename: `${style.name}.sld` };
    calls.push(json(style.file, 'POST', base, { style: info }));
    calls.push({
      file: style.file,
      method: 'PUT',
      path: `${base}/${seg(style.name)}?raw=true`,
      contentType: style.version === '1.1.0' ? 'application/vnd.ogc.se+xml' : 'application/vnd.ogc.sld+xml',
      body: style.body,
    });
    if (style.legend) {
      const { url, width, height, format } = style.legend;
      calls.push(json(style.file, 'PUT', `${base}/${seg(style.name)}`, { style: { legend: { width, height, format, onlineResource: url } } }));
    }
  }
  for (const layer of state.layers) {
    const featureType = {
      name: layer.name,
      nativeName: layer.nativeName,
      title: layer.title,
      ...(layer.abstract !== undefined ? { abstract: layer.abstract } : {}),
      keywords: { string: layer.keywords },
      srs: layer.srs,
      ...(layer.bbox ? { nativeBoundingBox: { ...layer.bbox } } : {}),
      ...(layer.latLonBbox ? { latLonBoundingBox: { ...layer.latLonBbox } } : layer.bbox?.crs === 'EPSG:4326' ? { latLonBoundingBox: { ...layer.bbox } } : {}),
      projectionPolicy: 'FORCE_DECLARED',
      metadataLinks: metadataLinksBody(linksOf(layer, geonetworkUrl)),
      enabled: layer.enabled,
      advertised: layer.advertised,
    };
    calls.push(json(layer.file, 'POST', `/rest/workspaces/${seg(layer.workspace)}/datastores/${seg(layer.store)}/featuretypes`, { featureType }));
    const styles = layer.styles.map(styleRef);
    calls.push(
      json(layer.file, 'PUT', `/rest/layers/${seg(`${layer.workspace}:${layer.name}`)}`, {
        layer: {
          ...(layer.defaultStyle ? { defaultStyle: styleRef(layer.defaultStyle) } : {}),
          ...(styles.length > 0 ? { styles: { style: styles } } : {}),
          queryable: layer.queryable,
        },
      }),
    );
  }
  for (const coverage of state.coverages) calls.push(...coverageCalls(coverage, geonetworkUrl));
  for (const layer of state.wmsLayers) {
    const wmsLayer = {
      name: layer.name,
      nativeName: layer.nativeName,
      title: layer.title,
      abstract: layer.abstract ?? '',
      keywords: { string: layer.keywords },
      enabled: layer.enabled,
      advertised: layer.advertised,
      ...(layer.srs !== undefined ? { srs: layer.srs } : {}),
      ...(layer.remoteStyle !== undefined ? { forcedRemoteStyle: layer.remoteStyle } : {}),
      ...(layer.format !== undefined ? { preferredFormat: layer.format } : {}),
      ...(layer.formats.length > 0 ? { selectedRemoteFormats: { string: layer.formats } } : {}),
      ...(layer.remoteStyles.length > 0 ? { selectedRemoteStyles: { string: layer.remoteStyles } } : {}),
      ...(layer.minScale !== undefined ? { minScale: layer.minScale } : {}),
      ...(layer.maxScale !== undefined ? { maxScale: layer.maxScale } : {}),
      metadataLinks: metadataLinksBody(linksOf(layer, geonetworkUrl)),
    };
    calls.push(json(layer.file, 'POST', `/rest/workspaces/${seg(layer.workspace)}/wmsstores/${seg(layer.store)}/wmslayers`, { wmsLayer }));
  }
  for (const layer of state.wmtsLayers) {
    const wmtsLayer = {
      name: layer.name,
      nativeName: layer.nativeName,
      title: layer.title,
      abstract: layer.abstract ?? '',
      keywords: { string: layer.keywords },
      enabled: layer.enabled,
      advertised: layer.advertised,
      ...(layer.srs !== undefined ? { srs: layer.srs } : {}),
      metadataLinks: metadataLinksBody(linksOf(layer, geonetworkUrl)),
    };
    const base = `/rest/workspaces/${seg(layer.workspace)}/wmtsstores/${seg(layer.store)}/layers`;
    calls.push(json(layer.file, 'POST', base, { wmtsLayer }));
    // WMTSLayerController enables a new layer whatever the body says
    if (!layer.enabled) calls.push(json(layer.file, 'PUT', `${base}/${seg(layer.name)}`, { wmtsLayer: { enabled: false } }));
  }
  for (const group of containedFirst(state.groups)) {
    // XML: the one encoding where a positional "no style" (<style/>) is unambiguous (FACTS A.8)
    const parts = [`<layerGroup><name>${escapeXml(group.name)}</name><mode>${escapeXml(group.mode)}</mode>`];
    if (group.workspace) parts.push(`<workspace><name>${escapeXml(group.workspace)}</name></workspace>`);
    parts.push(`<title>${escapeXml(group.title)}</title>`);
    if (group.abstract !== undefined) parts.push(`<abstractTxt>${escapeXml(group.abstract)}</abstractTxt>`);
    parts.push('<publishables>');
    for (const entry of group.entries)
      parts.push(`<published type="${entry.group ? 'layerGroup' : 'layer'}"><name>${escapeXml(entry.name)}</name></published>`);
    parts.push('</publishables><styles>');
    for (const entry of group.entries) {
      const ref = entry.style ? styleRef(entry.style) : undefined;
      parts.push(
        ref ? `<style><name>${escapeXml(ref.name)}</name>${ref.workspace ? `<workspace>${escapeXml(ref.workspace)}</workspace>` : ''}</style>` : '<style/>',
      );
    }
    parts.push('</styles>');
    if (group.metadata) {
      const link = recordLink(geonetworkUrl, group.metadata);
      parts.push(
        `<metadataLinks><metadataLink><type>${link.type}</type><metadataType>${link.metadataType}</metadataType><content>${escapeXml(link.content)}</content></metadataLink></metadataLinks>`,
      );
    }
    parts.push('</layerGroup>');
    const base = group.workspace ? `/rest/workspaces/${seg(group.workspace)}/layergroups` : '/rest/layergroups';
    calls.push({ file: group.file, method: 'POST', path: base, contentType: 'application/xml', body: Buffer.from(parts.join('')) });
  }
  for (const tile of state.tileLayers) calls.push(tileLayerCall(tile));
  calls.push(...securityCalls(state.security));
  for (const item of state.services) calls.push(serviceCall(item));
  if (state.globalSettings) calls.push(globalSettingsCall(state.globalSettings));
  return calls;
}

/**
 * DataStoreFileController and CoverageStoreFileController take the file as the body, create the store
 * (enabled, without a description, as docs/format.md's data files are) and with configure=none no layer.
 */
function uploadCall(data: SeedDataFile): SeedCall {
  const store = `/rest/workspaces/${seg(data.workspace)}/${data.format === 'geotiff' ? 'coveragestores' : 'datastores'}/${seg(data.store)}`;
  const upload = { file: data.file, method: 'PUT' as const, body: data.bytes };
  switch (data.format) {
    case 'gpkg':
      return { ...upload, path: `${store}/file.gpkg?configure=none&filename=${seg(`${data.store}.gpkg`)}`, contentType: 'application/octet-stream' };
    case 'shp':
      return { ...upload, path: `${store}/file.shp?configure=none`, contentType: 'application/zip' };
    case 'geotiff':
      return { ...upload, path: `${store}/file.geotiff?configure=none`, contentType: 'image/tiff' };
  }
}

/**
 * An administrator saves the Global Settings page of a fresh data directory with the file's values
 * (the page sends the whole settings, contact included: a partial one would replace them).
 */
function globalSettingsCall(item: NonNullable<PublishedState['globalSettings']>): SeedCall {
  const fresh = new GlobalConfig().info;
  const freshSettings = fresh.settings as Record<string, unknown>;
  const { globalServices, ...settings } = item.settings;
  const body: Record<string, unknown> = {
    settings: { ...freshSettings, ...settings, contact: { ...(freshSettings.contact as Record<string, unknown>), ...item.contact } },
  };
  if (globalServices !== undefined) body.globalServices = globalServices;
  return json(item.file, 'PUT', '/rest/settings', { global: body });
}

/** An administrator edits a service's settings page: XStream names ServiceInfo's abstract "abstrct" and wraps string lists. */
function serviceCall(item: PublishedState['services'][number]): SeedCall {
  const info: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item.settings)) {
    if (name === 'abstract') info.abstrct = value;
    else if (name === 'keywords' || name === 'srs') info[name] = { string: value };
    else info[name] = value;
  }
  const path = item.workspace ? `/rest/services/${item.service}/workspaces/${seg(item.workspace)}/settings` : `/rest/services/${item.service}/settings`;
  return json(item.file, 'PUT', path, { [item.service]: info });
}

/** An administrator makes each area what its file says, starting from a fresh data directory's rules. */
function securityCalls(security: PublishedState['security']): SeedCall[] {
  const calls: SeedCall[] = security.roles.map((role) => json(role.file, 'POST', `/rest/security/roles/role/${seg(role.name)}`, {}));
  const fresh = new SecurityConfig();
  for (const { file, area, mode, rules } of security.areas) {
    const current = fresh.rules[area];
    const wanted = new Map(rules.map(([rule, roles]) => [rule, roles.join(',')]));
    const added = [...wanted].filter(([rule]) => !current.has(rule));
    const changed = [...wanted].filter(([rule]) => current.has(rule));
    if (added.length) calls.push(json(file, 'POST', `/rest/security/acl/${area}`, Object.fromEntries(added)));
    if (changed.length) calls.push(json(file, 'PUT', `/rest/security/acl/${area}`, Object.fromEntries(changed)));
    for (const rule of current.keys()) {
      if (wanted.has(rule)) continue;
      const name = area === 'rest' ? rule.replace(/:([^:]*)$/, ';$1') : rule;
      calls.push({ file, method: 'DELETE', path: `/rest/security/acl/${area}/${seg(name)}`, contentType: 'application/json', body: Buffer.alloc(0) });
    }
    if (mode) calls.push(json(file, 'PUT', '/rest/security/acl/catalog', { mode }));
  }
  return calls;
}

function dimensionBody(dimension: SeedDimension | undefined) {
  if (!dimension) return { enabled: false, nearestMatchEnabled: false };
  const { presentation, resolution, units, unitSymbol } = dimension;
  return {
    enabled: true,
    ...(presentation !== undefined ? { presentation } : {}),
    ...(resolution !== undefined ? { resolution } : {}),
    ...(units !== undefined ? { units } : {}),
    ...(unitSymbol !== undefined ? { unitSymbol } : {}),
    ...(dimension.default?.strategy !== undefined
      ? {
          defaultValue: {
            strategy: dimension.default.strategy,
            ...(dimension.default.referenceValue !== undefined ? { referenceValue: dimension.default.referenceValue } : {}),
          },
        }
      : {}),
    nearestMatchEnabled: dimension.nearestMatch,
  };
}

/**
 * CoverageStoreController reads a new coverage from its raster given the names alone (and publishes its
 * layer with the "raster" style); its description, reader parameters, bands and dimensions then go in a PUT.
 */
function coverageCalls(coverage: SeedCoverage, geonetworkUrl: string): SeedCall[] {
  const base = `/rest/workspaces/${seg(coverage.workspace)}/coveragestores/${seg(coverage.store)}/coverages`;
  const names = { name: coverage.name, nativeName: coverage.nativeName, nativeCoverageName: coverage.nativeName };
  const body = {
    name: coverage.name,
    nativeName: coverage.nativeName,
    title: coverage.title,
    abstract: coverage.abstract ?? '',
    keywords: { string: coverage.keywords },
    ...(coverage.srs !== undefined ? { srs: coverage.srs } : {}),
    metadataLinks: metadataLinksBody(linksOf(coverage, geonetworkUrl)),
    enabled: coverage.enabled,
    advertised: coverage.advertised,
    ...(coverage.interpolation !== undefined ? { defaultInterpolationMethod: coverage.interpolation } : {}),
    ...(coverage.parameters.length > 0 ? { parameters: { entry: coverage.parameters.map(([key, value]) => ({ string: [key, value] })) } } : {}),
    ...(coverage.bands?.length
      ? {
          dimensions: {
            coverageDimension: coverage.bands.map((band) => ({
              name: band.name,
              ...(band.description !== undefined ? { description: band.description } : {}),
              ...(band.unit !== undefined ? { unit: band.unit } : {}),
              nullValues: { double: band.nullValues ?? [] },
            })),
          },
        }
      : {}),
    metadata: {
      entry: (['time', 'elevation'] as const).map((key) => ({ '@key': key, dimensionInfo: dimensionBody(coverage.dimensions[key]) })),
    },
  };
  const styles = coverage.styles.map(styleRef);
  return [
    json(coverage.file, 'POST', base, { coverage: names }),
    json(coverage.file, 'PUT', `${base}/${seg(coverage.name)}`, { coverage: body }),
    json(coverage.file, 'PUT', `/rest/layers/${seg(`${coverage.workspace}:${coverage.name}`)}`, {
      layer: { defaultStyle: styleRef(coverage.defaultStyle), ...(styles.length > 0 ? { styles: { style: styles } } : {}), queryable: coverage.queryable },
    }),
  ];
}

/** GeoWebCache's TileLayerController takes its XStream XML (a GeoServerLayer) on PUT, creating or replacing. */
function tileLayerCall(tile: SeedTileLayer): SeedCall {
  const element = (name: string, value: string | number | boolean) => `<${name}>${escapeXml(String(value))}</${name}>`;
  const subsets = tile.gridsets
    .map(
      (grid) =>
        `<gridSubset>${element('gridSetName', grid.name)}${grid.zoomStart !== undefined ? element('zoomStart', grid.zoomStart) : ''}${grid.zoomStop !== undefined ? element('zoomStop', grid.zoomStop) : ''}</gridSubset>`,
    )
    .join('');
  const xml =
    `<GeoServerLayer>${element('enabled', tile.enabled)}${element('inMemoryCached', tile.inMemoryCached)}${element('name', tile.name)}` +
    `<mimeFormats>${tile.formats.map((format) => element('string', format)).join('')}</mimeFormats><gridSubsets>${subsets}</gridSubsets>` +
    `<metaWidthHeight>${element('int', tile.metatiling[0])}${element('int', tile.metatiling[1])}</metaWidthHeight>` +
    `${element('expireCache', tile.expireCache)}${element('expireClients', tile.expireClients)}${element('gutter', tile.gutter)}</GeoServerLayer>`;
  return { file: tile.file, method: 'PUT', path: `/gwc/rest/layers/${seg(tile.name)}.xml`, contentType: 'text/xml', body: Buffer.from(xml) };
}

/** GeoServer refuses a group naming a group it does not have yet: the groups a group contains are created first. */
function containedFirst(groups: PublishedState['groups']): PublishedState['groups'] {
  const byName = new Map(groups.map((group) => [group.name, group]));
  const ordered: PublishedState['groups'] = [];
  const placed = new Set<string>();
  const place = (group: PublishedState['groups'][number], path: Set<string>) => {
    if (placed.has(group.name) || path.has(group.name)) return;
    path.add(group.name);
    for (const entry of group.entries) {
      const inner = entry.group ? byName.get(entry.name) : undefined;
      if (inner) place(inner, path);
    }
    placed.add(group.name);
    ordered.push(group);
  };
  for (const group of groups) place(group, new Set());
  return ordered;
}
