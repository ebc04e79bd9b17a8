// Where each page and download lives in the built site, and relative links between them, so the
// site works under any sub-path (GitHub/GitLab Pages) and from file:// alike. Pages are built
// with build.format 'file': a page path is "drift/prod.html", never "/drift/prod/".
import type { ResourceKind } from '../resources/types.ts';

/**
 * One path segment for any name (platform, flow, resource key): keeps [A-Za-z0-9_-] and inner
 * dots, writes every other byte as ~hh. Injective, so two keys never share a page; ':' never
 * reaches a relative href, where "ws:layer" would read as a URL scheme.
 */
export function pathSegment(name: string): string {
  let out = '';
  const bytes = Buffer.from(name, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const char = String.fromCharCode(byte);
    const plain = /[A-Za-z0-9_-]/.test(char) || (char === '.' && i > 0 && i < bytes.length - 1);
    out += plain ? char : `~${byte.toString(16).padStart(2, '0')}`;
  }
  return out || '~';
}

export const sitePaths = {
  overview: 'index.html',
  promotion: 'promotion.html',
  promotionGap: (from: string, to: string) => `promotion/${pathSegment(from)}/${pathSegment(to)}.html`,
  inventory: 'inventory.html',
  inventoryOf: (platform: string) => `inventory/${pathSegment(platform)}.html`,
  freshness: 'freshness.html',
  freshnessOf: (platform: string) => `freshness/${pathSegment(platform)}.html`,
  drift: 'drift.html',
  driftOf: (platform: string) => `drift/${pathSegment(platform)}.html`,
  history: 'history.html',
  flows: 'flows.html',
  resource: (platform: string, kind: ResourceKind, key: string) => `resources/${pathSegment(platform)}/${kind}/${pathSegment(key)}.html`,
  platformBadge: (platform: string) => `badges/${pathSegment(platform)}.svg`,
  flowBadge: (flow: string) => `badges/flows/${pathSegment(flow)}.svg`,
  platformJson: (platform: string) => `downloads/${pathSegment(platform)}.json`,
  platformCsv: (platform: string) => `downloads/${pathSegment(platform)}.csv`,
  flowJson: (flow: string) => `downloads/flows/${pathSegment(flow)}.json`,
  flowCsv: (flow: string) => `downloads/flows/${pathSegment(flow)}.csv`,
  marker: 'geoflux-site.json',
};

/**
 * A page in one of the site's languages: the site's own language at the root, the other one under
 * its code ("en/drift/prod.html"). Downloads, badges and the marker are not localised.
 */
export function localisedPath(path: string, language: string, siteLanguage: string): string {
  return language === siteLanguage ? path : `${language}/${path}`;
}

/** The href from the page at `from` to the file at `to`, both site-relative paths. */
export function relativeHref(from: string, to: string): string {
  const depth = from.split('/').length - 1;
  const [path, fragment] = to.split('#', 2) as [string, string | undefined];
  const href = (depth === 0 ? '' : '../'.repeat(depth)) + path;
  return fragment === undefined ? href : `${href}#${fragment}`;
}
