import { describe, expect, it } from 'vitest';
import type { GsMetadataLink } from '../../clients/geoserver.ts';
import { readYamlFile } from '../../desired/files.ts';
import { layerFile } from './adopt.ts';
import { layerFiles } from './desired.ts';
import { desiredMetadataLinks, recordXmlUrl } from './featuretype.ts';
import type { GsLayer } from './rest.ts';

const GN = 'https://gn.example.org/geonetwork';
const sortedLinks = (links: GsMetadataLink[]) => links.map((link) => JSON.stringify(link)).sort();

const read = (path: string, text: string) => {
  const loaded = readYamlFile(Buffer.from(text, 'utf8'), path, { schema: (layerFiles.files[0]!.reader as { yaml: Record<string, unknown> }).yaml, env: {} });
  expect(loaded.problems).toEqual([]);
  return loaded.value!;
};

describe('import: layer files', () => {
  it('writes a layer that reads back to the same feature type and layer', () => {
    const layer: GsLayer = { name: 'zonage', defaultStyle: 'urba:plu', styles: ['line'], enabled: true, advertised: true, queryable: false };
    const featureType = {
      name: 'zonage',
      nativeName: 'zone_urba',
      title: 'PLU — zonage',
      abstract: 'Ligne 1\n  ligne 2 ',
      keywords: ['PLU', '2024', 'a: b'],
      srs: 'EPSG:2154',
      nativeBoundingBox: { minx: 1.5, miny: 2, maxx: 3, maxy: 4.25, crs: 'EPSG:2154' },
      metadataLinks: [],
      enabled: true,
      advertised: false,
    };
    const { path, text, notes } = layerFile('urba', layer, { featureType, store: 'sig' }, undefined, 'https://gn.example.org/geonetwork');
    expect(notes).toEqual([]);
    const loaded = layerFiles.build({ key: 'urba:zonage', main: read(path, text), location: { file: path } });
    expect(loaded).toMatchObject({
      store: 'sig',
      nativeName: 'zone_urba',
      title: featureType.title,
      abstract: featureType.abstract,
      keywords: featureType.keywords,
      srs: 'EPSG:2154',
      bbox: featureType.nativeBoundingBox,
      defaultStyle: 'urba:plu',
      styles: ['line'],
      enabled: true,
      advertised: false,
      queryable: false,
    });
    expect(loaded.metadata).toBeUndefined();
  });

  it('keeps metadata links that are not the record link, and reads them back to the same set', () => {
    const layer: GsLayer = { name: 'x', defaultStyle: 'line', styles: [], enabled: true, advertised: true, queryable: true };
    const recordLink = { type: 'text/xml', metadataType: 'ISO19115:2003', content: recordXmlUrl(GN, 'uuid-x') };
    const page = { type: 'text/html', metadataType: 'Other', content: 'https://example.org/about-x', about: 'About X' };
    const fgdc = { type: 'text/xml', metadataType: 'FGDC', content: 'https://other.example.org/fgdc/x.xml' };
    const featureType = {
      name: 'x',
      nativeName: 'x',
      title: 'X',
      keywords: [],
      srs: 'EPSG:4326',
      enabled: true,
      advertised: true,
      metadataLinks: [page, recordLink, fgdc],
    };
    const { path, text, notes } = layerFile('ws', layer, { featureType, store: 's' }, 'uuid-x', GN);
    expect(notes).toEqual([]);
    const loaded = layerFiles.build({ key: 'ws:x', main: read(path, text), location: { file: path } });
    expect(loaded.metadata).toBe('uuid-x');
    expect(loaded.metadataLinks).toEqual([page, fgdc]);
    expect(sortedLinks(desiredMetadataLinks(loaded, GN))).toEqual(sortedLinks(featureType.metadataLinks));
  });

  it('announces metadata links the first apply rewrites: the record in another form, a link the format cannot hold', () => {
    const layer: GsLayer = { name: 'x', defaultStyle: 'line', styles: [], enabled: true, advertised: true, queryable: true };
    const oldForm = { type: 'text/html', metadataType: 'TC211', content: 'https://old.example.org/geonetwork/srv/fre/catalog.search?uuid=uuid-x' };
    const untyped = { type: '', metadataType: 'other', content: 'https://example.org/untyped' };
    const featureType = {
      name: 'x',
      nativeName: 'x',
      title: 'X',
      keywords: [],
      srs: 'EPSG:4326',
      enabled: true,
      advertised: true,
      metadataLinks: [oldForm, untyped],
    };
    const { path, text, notes } = layerFile('ws', layer, { featureType, store: 's' }, 'uuid-x', GN);
    expect(notes).toEqual([
      { kind: 'firstApply', subject: 'layer ws:x', message: 'its metadata link https://example.org/untyped has no type: the format cannot hold it' },
      {
        kind: 'firstApply',
        subject: 'layer ws:x',
        message: `its metadata links (${oldForm.content}, ${untyped.content}) become ${recordXmlUrl(GN, 'uuid-x')}`,
      },
    ]);
    expect(layerFiles.build({ key: 'ws:x', main: read(path, text), location: { file: path } }).metadataLinks).toBeUndefined();
  });
});
