// The canonical cache: a desired resource seen before is answered from the file, keyed by its
// content and the ignore rules; observed resources are never cached; a broken file costs a miss.
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Canonical } from '../core/canonical.ts';
import type { IgnoreRules } from '../desired/model.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../resources/types.ts';
import { CanonicalCache } from './canonical-cache.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'geoflux-canonical-cache-'));
  dirs.push(dir);
  return dir;
}

/** An adapter whose canonical form is its spec's text upper-cased, counting the normalisations it does. */
function countingAdapter() {
  const calls: string[] = [];
  const adapter = {
    kind: 'style',
    normalise: (resource: DesiredResource | ObservedResource, rules: IgnoreRules): Canonical => {
      calls.push(resource.key);
      return { text: `${String(resource.spec).toUpperCase()}|${JSON.stringify(rules)}`, ignored: [] };
    },
  } as unknown as ResourceAdapter;
  return { calls, adapters: new Map([['style', adapter]]) };
}

const desired = (key: string, spec: string): DesiredResource => ({ kind: 'style', key, spec, dependsOn: [] });
const rules = { record: [] } as unknown as IgnoreRules;

async function normaliseAll(dir: string, resources: DesiredResource[], ignore = rules) {
  const { calls, adapters } = countingAdapter();
  const cache = new CanonicalCache(dir);
  await cache.open();
  const served = cache.serving(adapters).get('style')!;
  const canonicals = resources.map((resource) => served.normalise(resource, ignore));
  await cache.save();
  return { calls, canonicals };
}

describe('canonical cache', () => {
  it('answers the desired resources of an earlier run from its file, and learns the changed ones', async () => {
    const dir = cacheDir();
    const first = await normaliseAll(dir, [desired('a', 'one'), desired('b', 'two')]);
    expect(first.calls).toEqual(['a', 'b']);
    const second = await normaliseAll(dir, [desired('a', 'one'), desired('b', 'two, edited')]);
    expect(second.calls).toEqual(['b']);
    expect(second.canonicals.map((canonical) => canonical.text)).toEqual([first.canonicals[0].text, 'TWO, EDITED|{"record":[]}']);
    const third = await normaliseAll(dir, [desired('a', 'one'), desired('b', 'two, edited')]);
    expect(third.calls).toEqual([]);
    expect(third.canonicals).toEqual(second.canonicals);
  });

  it('keys style bodies (bytes) by their content', async () => {
    const dir = cacheDir();
    const body = (text: string): DesiredResource => ({ kind: 'style', key: 's', spec: new TextEncoder().encode(text), dependsOn: [] });
    expect((await normaliseAll(dir, [body('<a/>'), body('<b/>')])).calls).toEqual(['s', 's']);
    const again = await normaliseAll(dir, [body('<b/>'), body('<c/>')]);
    expect(again.calls).toEqual(['s']);
    expect(again.canonicals.map((canonical) => canonical.text.split('|')[0])).toEqual(['60,98,47,62', '60,99,47,62']);
  });

  it('normalises again when the ignore rules change', async () => {
    const dir = cacheDir();
    await normaliseAll(dir, [desired('a', 'one')]);
    const other = { record: ['gmd:dateStamp'] } as unknown as IgnoreRules;
    const again = await normaliseAll(dir, [desired('a', 'one')], other);
    expect(again.calls).toEqual(['a']);
    expect(again.canonicals[0].text).toBe('ONE|{"record":["gmd:dateStamp"]}');
  });

  it('never caches observed resources, nor the desired side compared against a counterpart', async () => {
    const dir = cacheDir();
    for (let run = 0; run < 2; run++) {
      const { calls, adapters } = countingAdapter();
      const cache = new CanonicalCache(dir);
      await cache.open();
      const served = cache.serving(adapters).get('style')!;
      const observed: ObservedResource = { kind: 'style', key: 'live', spec: 'live' };
      served.normalise(observed, rules);
      served.normalise(observed, rules, desired('live', 'live'));
      await cache.save();
      expect(calls).toEqual(['live', 'live']);
    }
  });

  it('recovers from a torn file: the lost entries are normalised again and the file rewritten', async () => {
    const dir = cacheDir();
    await normaliseAll(dir, [desired('a', 'one')]);
    await normaliseAll(dir, [desired('b', 'two')]);
    const [file] = readdirSync(dir).filter((name) => name.startsWith('canonical-'));
    truncateSync(join(dir, file), statSync(join(dir, file)).size - 5);
    const afterTear = await normaliseAll(dir, [desired('a', 'one'), desired('b', 'two')]);
    expect(afterTear.calls).toEqual(['b']);
    expect((await normaliseAll(dir, [desired('a', 'one'), desired('b', 'two')])).calls).toEqual([]);
  });
});
