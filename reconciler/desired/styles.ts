// What geoflux needs to know about an SLD: its format (SLD 1.0 or SE 1.1, which decides the content
// type GeoServer stores it with), and that it has a user style: inside a NamedLayer or UserLayer, or
// right under the root as GeoServer's own sample styles have it (GeoServer accepts both).
import type { StyleFormat } from './model.ts';
import type { Problem } from '../core/problems.ts';
import { descendants, type XmlElement } from '../core/xml.ts';

const SLD_NAMESPACE = 'http://www.opengis.net/sld';
const SE_NAMESPACE = 'http://www.opengis.net/se';

export function inspectStyle(root: XmlElement, file: string): { format?: StyleFormat; problem?: Problem } {
  const invalid = (message: string) => ({
    problem: { code: 'InvalidSld' as const, severity: 'error' as const, message, location: { file, line: root.line, col: root.col } },
  });
  if (root.localName !== 'StyledLayerDescriptor' || root.namespace !== SLD_NAMESPACE) {
    return invalid(`root element ${root.name} is not an sld:StyledLayerDescriptor (namespace ${SLD_NAMESPACE})`);
  }
  const version = root.attributes.version;
  let format: StyleFormat;
  if (version === '1.0.0') format = 'sld10';
  else if (version === '1.1.0') format = 'se11';
  else return invalid(`version ${version === undefined ? 'is missing' : `"${version}" is not supported`} (SLD 1.0.0 or SE 1.1.0)`);
  const layers = [...descendants(root, SLD_NAMESPACE, 'NamedLayer'), ...descendants(root, SLD_NAMESPACE, 'UserLayer')];
  const rootStyle = root.children.some((element) => element.localName === 'UserStyle' && element.namespace === SLD_NAMESPACE);
  if (layers.length === 0 && !rootStyle) return invalid('no NamedLayer, UserLayer or UserStyle');
  if (!rootStyle && !layers.some((layer) => descendants(layer, SLD_NAMESPACE, 'UserStyle').length > 0)) return invalid('no UserStyle');
  if (format === 'se11' && descendants(root, SE_NAMESPACE, 'Name').length === 0 && descendants(root, SE_NAMESPACE, 'FeatureTypeStyle').length === 0) {
    return invalid(`version 1.1.0 but no Symbology Encoding (${SE_NAMESPACE}) elements`);
  }
  return { format };
}
