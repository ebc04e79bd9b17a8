// Publishing what a platform publishes (twins/seed/desired-state.ts) the way an administrator does
// with curl against GeoServer's REST API (FACTS A.1-A.8, GeoServer's REST documentation): each
// workspace with its namespace URI, each store with its connection parameters, each style as
// its info then its SLD body byte for byte (raw=true), each feature type (which creates its layer)
// then the layer's styles, each layer group. The twin answers these calls with its own REST routes;
// a call it refuses stops the seed, naming the desired-state file and the twin's answer.
import type { PublishedState, SeedLayer, SeedLink } from '../seed/desired-state.ts';

export interface SeedCall {
  /** The desired-state file the call publishes. */
  file: string;
  method: 'POST' | 'PUT';
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
  for (const style of state.styles) {
    const base = style.workspace ? `/rest/workspaces/${seg(style.workspace)}/styles` : '/rest/styles';
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
      ...(layer.bbox && layer.bbox.crs === 'EPSG:4326' ? { latLonBoundingBox: { ...layer.bbox } } : {}),
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
  return calls;
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
