// The XStream representation of a feature type as FeatureTypeController writes it.
import type { Catalog, FeatureTypeRec } from '../catalog.ts';
import { isGeographic, nativeAttributes, nativeCrsWkt } from '../native.ts';
import { entryMap, leaf, node, reference, type XNode } from '../xstream/tree.ts';
import { bboxNode, keywordsNode, linkNodes } from './common.ts';
import { storeLink } from './datastores.ts';

export function featureTypeLink(ft: Pick<FeatureTypeRec, 'workspace' | 'store' | 'name'>): string {
  return `${storeLink({ workspace: ft.workspace, name: ft.store })}/featuretypes/${encodeURIComponent(ft.name)}`;
}

export function featureTypeNode(catalog: Catalog, ft: FeatureTypeRec): XNode {
  const srs = ft.srs ?? 'EPSG:4326';
  const wkt = nativeCrsWkt(srs);
  const attributes = nativeAttributes(catalog, ft);
  return node('featureType', [
    leaf('name', ft.name),
    leaf('nativeName', ft.nativeName),
    reference('namespace', ft.workspace, `/namespaces/${encodeURIComponent(ft.workspace)}`),
    leaf('title', ft.title),
    leaf('abstract', ft.abstract),
    leaf('description', ft.description),
    keywordsNode(ft.keywords),
    linkNodes('metadataLinks', 'metadataLink', ft.metadataLinks),
    linkNodes('dataLinks', 'org.geoserver.catalog.impl.DataLinkInfoImpl', ft.dataLinks),
    isGeographic(srs) ? { name: 'nativeCRS', text: wkt } : { name: 'nativeCRS', attrs: [['class', 'projected']], text: wkt },
    leaf('srs', srs),
    bboxNode('nativeBoundingBox', ft.nativeBoundingBox),
    bboxNode('latLonBoundingBox', ft.latLonBoundingBox),
    leaf('projectionPolicy', ft.projectionPolicy),
    leaf('enabled', ft.enabled),
    leaf('advertised', ft.advertised),
    ft.metadata.length > 0 ? entryMap('metadata', ft.metadata) : undefined,
    {
      ...reference('store', `${ft.workspace}:${ft.store}`, storeLink({ workspace: ft.workspace, name: ft.store })),
      attrs: [['class', 'dataStore']],
    },
    leaf('cqlFilter', ft.cqlFilter),
    leaf('serviceConfiguration', false),
    leaf('simpleConversionEnabled', false),
    leaf('maxFeatures', ft.maxFeatures),
    leaf('numDecimals', ft.numDecimals),
    leaf('padWithZeros', false),
    leaf('forcedDecimal', false),
    leaf('overridingServiceSRS', false),
    leaf('skipNumberMatched', false),
    leaf('circularArcPresent', false),
    leaf('encodeMeasures', false),
    leaf('dateCreated', ft.dateCreated),
    leaf('dateModified', ft.dateModified),
    node(
      'attributes',
      attributes.map((a) =>
        node('attribute', [
          leaf('name', a.name),
          leaf('minOccurs', a.minOccurs ?? 0),
          leaf('maxOccurs', a.maxOccurs ?? 1),
          leaf('nillable', a.nillable ?? true),
          leaf('binding', a.binding),
          leaf('length', a.length),
        ]),
      ),
    ),
  ]);
}
