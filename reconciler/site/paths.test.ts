import { describe, expect, it } from 'vitest';
import { pathSegment, relativeHref, sitePaths } from './paths.ts';

describe('site paths', () => {
  it('turns any key into one safe, distinct path segment', () => {
    expect(pathSegment('urbanisme:plu_zonage')).toBe('urbanisme~3aplu_zonage');
    expect(pathSegment('0eb61611-1e2d-406d-82b2-2d70a2435072')).toBe('0eb61611-1e2d-406d-82b2-2d70a2435072');
    expect(pathSegment('../etc/passwd')).toBe('~2e.~2fetc~2fpasswd');
    expect(pathSegment('é')).toBe('~c3~a9');
    expect(pathSegment('a~3ab')).not.toBe(pathSegment('a:b'));
    expect(pathSegment('')).toBe('~');
  });

  it('links relatively from any page depth, so the site works under any sub-path', () => {
    expect(relativeHref('index.html', sitePaths.driftOf('prod'))).toBe('drift/prod.html');
    expect(relativeHref('drift/prod.html', sitePaths.overview)).toBe('../index.html');
    const resource = sitePaths.resource('prod', 'layer', 'urbanisme:plu_zonage');
    expect(resource).toBe('resources/prod/layer/urbanisme~3aplu_zonage.html');
    expect(relativeHref(resource, sitePaths.platformBadge('prod'))).toBe('../../../badges/prod.svg');
    expect(relativeHref(resource, `${sitePaths.flows}#flow-x`)).toBe('../../../flows.html#flow-x');
    for (const href of [relativeHref('index.html', resource), relativeHref(resource, sitePaths.overview)]) {
      expect(href).not.toMatch(/^\/|^[a-z][a-z0-9+.-]*:/i);
    }
  });
});
