// Representations and body readers shared by several resources: bounding boxes, CRS values,
// metadata links and keywords.
import type { BBox, MetadataLinkRec } from '../catalog.ts';
import { isGeographic } from '../native.ts';
import { serverError } from '../errors.ts';
import { list, num, obj, strings, text, type Mapped } from '../xstream/body.ts';
import { doubleLeaf, leaf, node, type XNode } from '../xstream/tree.ts';

/** A CRS: plain text when geographic, <crs class="projected"> otherwise. */
export function crsNode(name: string, crs: string): XNode {
  return isGeographic(crs) ? { name, text: crs } : { name, attrs: [['class', 'projected']], text: crs };
}

export function bboxNode(name: string, box: BBox | undefined): XNode | undefined {
  if (!box) return undefined;
  return node(name, [
    doubleLeaf('minx', box.minx),
    doubleLeaf('maxx', box.maxx),
    doubleLeaf('miny', box.miny),
    doubleLeaf('maxy', box.maxy),
    crsNode('crs', box.crs),
  ]);
}

export function readBBox(value: Mapped | undefined, fallbackCrs?: string): BBox | undefined {
  const o = obj(value);
  if (!o) return undefined;
  const [minx, maxx, miny, maxy] = [num(o.minx), num(o.maxx), num(o.miny), num(o.maxy)];
  if (minx === undefined || maxx === undefined || miny === undefined || maxy === undefined) return undefined;
  const crs = text(o.crs) ?? fallbackCrs;
  if (!crs) throw serverError('Bounding box without a CRS');
  return { minx, maxx, miny, maxy, crs };
}

export function linkNodes(name: string, item: string, links: MetadataLinkRec[]): XNode | undefined {
  if (links.length === 0) return undefined;
  return node(
    name,
    links.map((l) => node(item, [leaf('type', l.type), leaf('about', l.about), leaf('metadataType', l.metadataType), leaf('content', l.content)])),
  );
}

export function readLinks(value: Mapped | undefined, item: string): MetadataLinkRec[] {
  return list(obj(value)?.[item]).map((entry) => {
    const o = obj(entry) ?? {};
    return { type: text(o.type), about: text(o.about), metadataType: text(o.metadataType), content: text(o.content) };
  });
}

export function keywordsNode(keywords: string[], item = 'string'): XNode | undefined {
  if (keywords.length === 0) return undefined;
  return node(
    'keywords',
    keywords.map((k) => ({ name: item, text: k })),
  );
}

export function readKeywords(value: Mapped | undefined): string[] {
  const o = obj(value);
  if (!o) return [];
  return strings(o, o.keyword !== undefined ? 'keyword' : 'string');
}
