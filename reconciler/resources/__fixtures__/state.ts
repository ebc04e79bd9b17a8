// A small rendered desired state (one workspace, store, layer, two styles, a group and a record with an attachment)
// for adapter tests against the twins.

import { createHash } from 'node:crypto';
import type { PlatformConfig } from '../../desired/model.ts';
import type { RenderedState } from '../types.ts';

export const RECORD_UUID = '6c1f2f0e-8a4b-4c1e-9d3a-0a1b2c3d4e5f';

const LEGEND_PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

export function recordXml(title: string, dateStamp = '2024-01-15T10:00:00'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">
  <gmd:fileIdentifier><gco:CharacterString>${RECORD_UUID}</gco:CharacterString></gmd:fileIdentifier>
  <gmd:language><gco:CharacterString>fre</gco:CharacterString></gmd:language>
  <gmd:dateStamp><gco:DateTime>${dateStamp}</gco:DateTime></gmd:dateStamp>
  <gmd:identificationInfo>
    <gmd:MD_DataIdentification>
      <gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>${title}</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:citation>
      <gmd:abstract><gco:CharacterString>Zonage du plan local d'urbanisme.</gco:CharacterString></gmd:abstract>
    </gmd:MD_DataIdentification>
  </gmd:identificationInfo>
</gmd:MD_Metadata>
`;
}

/** An SLD 1.0 body declared and encoded as ISO-8859-1 (é is one byte, 0xE9). */
export function latin1Sld(name: string, colour = '#FF0000'): Uint8Array {
  const text = `<?xml version="1.0" encoding="ISO-8859-1"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc">
  <NamedLayer><Name>${name}</Name>
    <UserStyle><Title>Zonage réglementaire</Title>
      <FeatureTypeStyle><Rule><PolygonSymbolizer><Fill><CssParameter name="fill">${colour}</CssParameter></Fill></PolygonSymbolizer></Rule></FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
`;
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

export function se11Sld(name: string): Uint8Array {
  return new Uint8Array(
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.1.0" xmlns="http://www.opengis.net/sld" xmlns:se="http://www.opengis.net/se">
  <NamedLayer><se:Name>${name}</se:Name><UserStyle><se:Name>${name}</se:Name>
    <se:FeatureTypeStyle><se:Rule><se:LineSymbolizer><se:Stroke><se:SvgParameter name="stroke">#000000</se:SvgParameter></se:Stroke></se:LineSymbolizer></se:Rule></se:FeatureTypeStyle>
  </UserStyle></NamedLayer>
</StyledLayerDescriptor>
`),
  );
}

export function platformFor(
  urls: { geoserver: string; geonetwork: string },
  credentials: { geoserver: [string, string]; geonetwork: [string, string] },
): PlatformConfig {
  return {
    name: 'test',
    geoserver: { url: urls.geoserver, user: credentials.geoserver[0], password: credentials.geoserver[1] },
    geonetwork: { url: urls.geonetwork, user: credentials.geonetwork[0], password: credentials.geonetwork[1], group: 2 },
    transforms: [],
    vars: {},
    publishToAll: true,
  };
}

export function renderedState(platform: PlatformConfig): RenderedState {
  const at = (file: string) => ({ file, line: 1, col: 1 });
  return {
    platform,
    commit: { sha: '0'.repeat(40), author: 'test', email: 'test@example.org', date: '2026-01-01T00:00:00Z', message: 'test' },
    path: '',
    config: {
      platforms: [platform],
      scope: { workspaces: ['urbanisme'], metadataGroup: 2 },
      prune: { enabled: false, maxDeletions: 10 },
      ignore: { metadata: [], geoserver: {} },
      language: 'fr',
      freshness: { staleAfterDays: 365 },
      location: at('geoflux.yaml'),
    },
    workspaces: [
      { name: 'urbanisme', namespaceUri: 'https://data.example.org/urbanisme', isolated: false, tags: [], location: at('workspaces/urbanisme/workspace.yaml') },
    ],
    stores: [
      {
        workspace: 'urbanisme',
        name: 'sig',
        type: 'postgis',
        description: 'Base SIG',
        enabled: true,
        connection: { host: 'db.example.org', port: '5432', database: 'sig', schema: 'urbanisme', user: 'sig', passwd: 'Str0ng-Secret!', dbtype: 'postgis' },
        tags: [],
        location: at('workspaces/urbanisme/stores/sig.yaml'),
      },
    ],
    layers: [
      {
        workspace: 'urbanisme',
        name: 'plu_zonage',
        store: 'sig',
        nativeName: 'plu_zonage',
        title: 'PLU — zonage',
        abstract: 'Zonage du PLU',
        keywords: ['urbanisme', 'PLU'],
        srs: 'EPSG:2154',
        defaultStyle: 'plu_zonage',
        styles: ['urbanisme:contour'],
        metadata: RECORD_UUID,
        enabled: true,
        advertised: true,
        queryable: true,
        tags: [],
        location: at('workspaces/urbanisme/layers/plu_zonage.yaml'),
      },
      {
        workspace: 'urbanisme',
        name: 'plu_secteurs',
        store: 'sig',
        nativeName: 'plu_secteurs',
        title: 'PLU — secteurs',
        keywords: [],
        srs: 'EPSG:2154',
        bbox: { minx: 100000, miny: 6000000, maxx: 1200000, maxy: 7100000, crs: 'EPSG:2154' },
        defaultStyle: 'plu_zonage',
        styles: [],
        enabled: true,
        advertised: false,
        queryable: true,
        tags: [],
        location: at('workspaces/urbanisme/layers/plu_secteurs.yaml'),
      },
    ],
    styles: [
      { name: 'plu_zonage', format: 'sld10', body: latin1Sld('plu_zonage'), encoding: 'ISO-8859-1', tags: [], location: at('styles/plu_zonage.sld') },
      { name: 'contour', workspace: 'urbanisme', format: 'se11', body: se11Sld('contour'), encoding: 'UTF-8', tags: [], location: at('styles/contour.sld') },
    ],
    coverageStores: [
      {
        workspace: 'urbanisme',
        name: 'ortho',
        type: 'ImageMosaic',
        url: 'file:/data/raster/ortho',
        description: 'Orthophotographie',
        enabled: true,
        tags: [],
        location: at('workspaces/urbanisme/coveragestores/ortho.yaml'),
      },
    ],
    coverages: [
      {
        workspace: 'urbanisme',
        name: 'orthophoto',
        store: 'ortho',
        nativeName: 'ortho',
        title: 'Orthophotographie',
        keywords: ['ortho'],
        defaultStyle: 'raster',
        styles: [],
        enabled: true,
        advertised: true,
        queryable: true,
        interpolation: 'bilinear',
        parameters: { SUGGESTED_TILE_SIZE: '512,512' },
        bands: [{ name: 'rouge' }, { name: 'vert' }, { name: 'bleu' }],
        dimensions: { time: { presentation: 'LIST', units: 'ISO8601', default: { strategy: 'MAXIMUM' }, nearestMatch: false } },
        tags: [],
        location: at('workspaces/urbanisme/coverages/orthophoto.yaml'),
      },
    ],
    wmsStores: [
      {
        workspace: 'urbanisme',
        name: 'region',
        capabilitiesURL: 'https://geo.region.example.org/geoserver/wms?SERVICE=WMS&REQUEST=GetCapabilities',
        description: 'IDG régionale',
        enabled: true,
        user: 'metropole',
        password: 'Region-Secret!',
        maxConnections: 4,
        readTimeout: 30,
        tags: [],
        location: at('workspaces/urbanisme/wmsstores/region.yaml'),
      },
    ],
    wmsLayers: [
      {
        workspace: 'urbanisme',
        name: 'occupation_sol',
        store: 'region',
        nativeName: 'region:ocsge_2021',
        title: 'Occupation du sol (région)',
        keywords: ['OCS GE'],
        enabled: true,
        advertised: true,
        remoteStyle: 'ocsge_couverture',
        format: 'image/png',
        formats: ['image/png', 'image/jpeg'],
        tags: [],
        location: at('workspaces/urbanisme/wmslayers/occupation_sol.yaml'),
      },
    ],
    wmtsStores: [
      {
        workspace: 'urbanisme',
        name: 'ortho_wmts',
        capabilitiesURL: 'https://wmts.example.org/wmts?SERVICE=WMTS&REQUEST=GetCapabilities',
        enabled: true,
        maxConnections: 4,
        tags: [],
        location: at('workspaces/urbanisme/wmtsstores/ortho_wmts.yaml'),
      },
    ],
    wmtsLayers: [
      {
        workspace: 'urbanisme',
        name: 'ortho_2023',
        store: 'ortho_wmts',
        nativeName: 'ORTHO_2023',
        title: 'Orthophotographie 2023',
        keywords: ['orthophotographie'],
        enabled: true,
        advertised: true,
        tags: [],
        location: at('workspaces/urbanisme/wmtslayers/ortho_2023.yaml'),
      },
    ],
    accessRules: [
      {
        area: 'layers',
        mode: 'MIXED',
        rules: [
          { rule: '*.*.r', roles: ['*'] },
          { rule: 'urbanisme.plu_zonage.r', roles: ['ROLE_AGENT', 'ADMIN'] },
        ],
        tags: [],
        location: at('security/layers.yaml'),
      },
    ],
    roleDeclarations: [{ roles: ['ROLE_AGENT'], external: [], tags: [], location: at('security/roles.yaml') }],
    services: [
      { service: 'wfs', settings: { enabled: true, title: 'WFS de la métropole', maxFeatures: 5000 }, tags: [], location: at('services/wfs.yaml') },
      {
        service: 'wms',
        workspace: 'urbanisme',
        settings: { enabled: true, title: 'Urbanisme', srs: ['EPSG:2154', 'EPSG:3857'], maxRenderingTime: 60 },
        tags: [],
        location: at('workspaces/urbanisme/services/wms.yaml'),
      },
    ],
    styleIcons: [],
    attachments: [
      {
        uuid: RECORD_UUID,
        filename: 'legende.pdf',
        bytes: LEGEND_PDF,
        sha256: createHash('sha256').update(LEGEND_PDF).digest('hex'),
        tags: [],
        location: { file: `metadata/${RECORD_UUID}/legende.pdf` },
      },
    ],
    globalSettings: [
      {
        settings: { proxyBaseUrl: 'https://carto.belleroche.example/geoserver', numDecimals: 6 },
        contact: { contactOrganization: 'Métropole de Belleroche', contactEmail: 'sig@belleroche.example' },
        tags: [],
        location: at('settings/global.yaml'),
      },
    ],
    tileLayers: [
      {
        name: 'urbanisme:plu_zonage',
        workspace: 'urbanisme',
        enabled: true,
        formats: ['image/png', 'image/jpeg'],
        gridsets: [{ name: 'EPSG:3857', zoomStart: 0, zoomStop: 18 }, { name: 'EPSG:4326' }],
        metatiling: [4, 4],
        gutter: 0,
        expireCache: 0,
        expireClients: 3600,
        inMemoryCached: true,
        tags: [],
        location: at('workspaces/urbanisme/tilelayers/plu_zonage.yaml'),
      },
    ],
    layerGroups: [
      {
        name: 'fond_urbanisme',
        title: 'Fond urbanisme',
        abstract: 'Les couches du PLU',
        mode: 'SINGLE',
        entries: [{ name: 'urbanisme:plu_zonage', group: false }],
        tags: [],
        location: at('layergroups/fond_urbanisme.yaml'),
      },
    ],
    records: [
      {
        uuid: RECORD_UUID,
        schema: 'iso19139',
        xml: recordXml('PLU — zonage'),
        title: 'PLU — zonage',
        onlineResources: [],
        tags: [],
        location: at(`metadata/${RECORD_UUID}.xml`),
      },
    ],
    flows: [],
    transforms: [],
    transformResources: [],
  };
}
