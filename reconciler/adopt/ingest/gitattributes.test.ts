// Whether .gitattributes route a data file to Git LFS, as git itself decides it.
import { describe, expect, it } from 'vitest';
import { filterAttribute, routedToLfs } from './gitattributes.ts';

const root = (text: string) => ({ dir: '', text });

describe('routedToLfs', () => {
  it('follows a pattern without a slash at any depth, one with a slash from its folder', () => {
    const sources = [root('*.gpkg filter=lfs diff=lfs merge=lfs -text\n/workspaces/*/data/*.tif filter=lfs\n')];
    expect(routedToLfs('workspaces/urbanisme/data/ecoles.gpkg', sources)).toBe(true);
    expect(routedToLfs('sdi/workspaces/urbanisme/data/ecoles.gpkg', sources)).toBe(true);
    expect(routedToLfs('workspaces/urbanisme/data/mnt.tif', sources)).toBe(true);
    expect(routedToLfs('sdi/workspaces/urbanisme/data/mnt.tif', sources)).toBe(false);
    expect(routedToLfs('workspaces/urbanisme/data/parcs.zip', sources)).toBe(false);
  });

  it('reads ** and character classes, and skips comments, macros and folder patterns', () => {
    const sources = [root('# data\n[attr]big filter=lfs\ndata/ filter=lfs\n**/data/** filter=lfs\n*.[tT][iI][fF] filter=lfs\n')];
    expect(routedToLfs('workspaces/ws/data/parcs.zip', sources)).toBe(true);
    expect(routedToLfs('styles/logo.TIF', sources)).toBe(true);
    expect(routedToLfs('styles/logo.png', sources)).toBe(false);
  });

  it('lets later lines, deeper files and .git/info/attributes win', () => {
    expect(filterAttribute('a/x.zip', [root('*.zip filter=lfs\n*.zip -filter\n')])).toBeUndefined();
    expect(routedToLfs('a/x.zip', [root('*.zip -filter\n'), { dir: 'a', text: '*.zip filter=lfs\n' }])).toBe(true);
    expect(routedToLfs('b/x.zip', [root('*.zip -filter\n'), { dir: 'a', text: '*.zip filter=lfs\n' }])).toBe(false);
    expect(routedToLfs('a/x.zip', [root('*.zip filter=lfs\n'), root('*.zip !filter\n')])).toBe(false);
  });

  it('treats pattern text as text: regular-expression characters match themselves', () => {
    expect(routedToLfs('data/a+b (1).gpkg', [root('data/a+b?(1).gpkg filter=lfs\n')])).toBe(true);
    expect(routedToLfs('data/aab (1).gpkg', [root('data/a+b?(1).gpkg filter=lfs\n')])).toBe(false);
  });
});
