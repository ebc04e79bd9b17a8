// Icons a style draws with (ExternalGraphic/OnlineResource xlink:href): a relative href names a
// file next to the style in git (styles/<file>), sent with the SLD as a style package (a zip, as
// GeoServer's StyleController takes it) and stored beside the style on the server. GeoServer keeps
// the package's top-level svg, png and jpg files only, under their own names.
import { sha256Hex } from '../../desired/lfs.ts';
import { child, descendants, type XmlElement } from '../../core/xml.ts';

export const ICON_EXTENSIONS = ['svg', 'png', 'jpg'] as const;

export interface IconReference {
  href: string;
  line: number;
  col: number;
}

/** An icon as git holds it. */
export interface StyleIcon {
  name: string;
  bytes: Uint8Array;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Hrefs of the style's external graphics that are neither URLs nor absolute paths, in document order. */
export function iconReferences(root: XmlElement): IconReference[] {
  const found: IconReference[] = [];
  for (const graphic of descendants(root, undefined, 'ExternalGraphic')) {
    const resource = child(graphic, 'OnlineResource');
    const href =
      resource &&
      Object.entries(resource.attributes)
        .find(([name]) => name === 'href' || name.endsWith(':href'))?.[1]
        ?.trim();
    if (!resource || !href || SCHEME.test(href) || href.startsWith('/')) continue;
    found.push({ href, line: resource.line, col: resource.col });
  }
  return found;
}

/** Why an href cannot be an icon of a style package (undefined: it can). */
export function iconProblem(href: string): string | undefined {
  if (href.includes('/') || href.includes('\\') || href.startsWith('.'))
    return `icon ${href}: a style package holds icons next to the style only (styles/<file>)`;
  const extension = href.slice(href.lastIndexOf('.') + 1).toLowerCase();
  if (!(ICON_EXTENSIONS as readonly string[]).includes(extension))
    return `icon ${href}: GeoServer's style packages carry ${ICON_EXTENSIONS.join(', ')} files only`;
  return undefined;
}

export function iconDigest(bytes: Uint8Array): string {
  return `sha256:${sha256Hex(bytes)}`;
}
