// Adapters against the protocol twins (strict request validation on): create → observe →
// normalise equal; change → diff; delete. Covers passwd fingerprints, ISO-8859-1 style bytes,
// GeoNetwork's dateStamp rewrite and the "unchanged record is not fetched again" rule.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { compareCanonical } from '../core/canonical.ts';
import { latin1Sld, platformFor, RECORD_UUID, recordXml, renderedState } from './__fixtures__/state.ts';
import { secretFingerprint } from './datastore/adapter.ts';
import { adapters, adapterFor, createPlatformContext, type ClosablePlatformContext } from './registry.ts';
import type { DesiredResource, FingerprintEntry, ObservedResource, RenderedState } from './types.ts';
import { updateDataStore } from './datastore/rest.ts';
import { getFeatureType, updateFeatureType } from './layer/rest.ts';
import { getStyleBody } from './style/rest.ts';

let twins: RunningTwins;
let ctx: ClosablePlatformContext;
let state: RenderedState;

const CREDENTIALS = { geoserver: ['admin', 'geoserver'] as [string, string], geonetwork: ['admin', 'admin'] as [string, string] };

async function control(path: string, method = 'GET', body?: unknown): Promise<any> {
  const response = await fetch(`${twins.control}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return response.json();
}

function desiredOf(kind: string, current = state): DesiredResource[] {
  return adapterFor(kind)!.desired(current);
}

/** As the engine observes: with what git declares of the kind (an attachment's record is read only when git holds its attachments). */
async function observe(kind: string, previous = new Map<string, FingerprintEntry>(), keys?: Set<string>): Promise<ObservedResource[]> {
  const desired = new Map(desiredOf(kind).map((resource) => [resource.key, resource]));
  return adapterFor(kind)!.observe(ctx, { previous, keys, desired });
}

/** Compares every desired resource of a kind with what the server holds. */
async function drift(kind: string, current = state) {
  const adapter = adapterFor(kind)!;
  const observed = new Map((await observe(kind)).map((resource) => [resource.key, resource]));
  return desiredOf(kind, current).map((resource) => {
    const live = observed.get(resource.key);
    if (!live) return { key: resource.key, missing: true, diff: '', ignored: [] };
    const comparison = compareCanonical(adapter.normalise(live, ctx.rules, resource), adapter.normalise(resource, ctx.rules));
    return { key: resource.key, missing: false, diff: comparison.diff, ignored: comparison.ignored };
  });
}

beforeAll(async () => {
  twins = await startTwins();
  state = renderedState(platformFor(twins, CREDENTIALS));
  ctx = createPlatformContext(state.platform, { rules: state.config.ignore, scope: state.config.scope, retryBaseMs: 1 });
});

afterAll(async () => {
  await ctx?.close();
  await twins?.close();
});

describe('resource adapters against the twins', () => {
  it('creates everything in dependency order and then observes no drift', async () => {
    for (const adapter of adapters) {
      // as the engine does: create what is missing, update what exists (a layer exists once its featuretype does)
      const live = new Map((await observe(adapter.kind)).map((resource) => [resource.key, resource]));
      for (const resource of adapter.desired(state)) {
        const existing = live.get(resource.key);
        if (existing) await adapter.update(ctx, resource, existing);
        else await adapter.create(ctx, resource);
      }
    }
    for (const adapter of adapters) {
      const results = await drift(adapter.kind);
      expect(results.length, adapter.kind).toBeGreaterThan(0);
      for (const result of results) {
        expect(result.missing, `${adapter.kind}:${result.key}`).toBe(false);
        expect(result.diff, `${adapter.kind}:${result.key}`).toBe('');
      }
    }
    expect(await control('/violations')).toEqual([]);
  });

  it('keeps passwd out of the comparison and fingerprints it instead', async () => {
    const [live] = await observe('datastore');
    const adapter = adapterFor('datastore')!;
    const [desired] = desiredOf('datastore');
    const text = adapter.normalise(live, ctx.rules, desired).text;
    expect(text).not.toContain('passwd');
    expect(text).not.toContain('Str0ng-Secret!');
    expect(text).toContain('database: "sig"');

    const changed = structuredClone(state);
    changed.stores[0].connection.passwd = 'another-secret';
    const [desiredChanged] = desiredOf('datastore', changed);
    expect(adapter.normalise(desiredChanged, ctx.rules).text).toBe(adapter.normalise(desired, ctx.rules).text);
    expect(desiredChanged.secretFingerprint).toBe(secretFingerprint('test', 'urbanisme:sig', 'another-secret'));
    expect(desiredChanged.secretFingerprint).not.toBe(desired.secretFingerprint);
    expect(JSON.stringify(desiredChanged.secretFingerprint)).not.toContain('another-secret');
  });

  it('compares only the connection parameters git declares', async () => {
    const [desired] = desiredOf('datastore');
    const { passwd: _secret, ...declared } = state.stores[0].connection;
    await updateDataStore(ctx.geoserver, 'urbanisme', 'sig', { name: 'sig', connectionParameters: { ...declared, 'Loose bbox': 'true' } });
    const adapter = adapterFor('datastore')!;
    const [live] = await observe('datastore');
    expect(adapter.normalise(live, ctx.rules, desired).text).toBe(adapter.normalise(desired, ctx.rules).text);
    // without the desired side to say what is declared, the extra key shows
    expect(adapter.normalise(live, ctx.rules).text).toContain('"Loose bbox": "true"');
  });

  it('stores an ISO-8859-1 style byte for byte', async () => {
    const body = await getStyleBody(ctx.geoserver, 'plu_zonage', undefined, '1.0.0');
    expect(body).not.toBeNull();
    expect(Buffer.compare(body!, Buffer.from(latin1Sld('plu_zonage')))).toBe(0);
    expect(body!.includes(0xe9)).toBe(true);
  });

  it('reports a change made on the server by hand, and converges after update', async () => {
    await updateFeatureType(ctx.geoserver, 'urbanisme', 'sig', 'plu_zonage', { name: 'plu_zonage', title: 'Changed by hand' });
    const changed = (await drift('featuretype')).find((result) => result.key === 'urbanisme:plu_zonage')!;
    expect(changed.diff).toContain('-title: "Changed by hand"');
    expect(changed.diff).toContain('+title: "PLU — zonage"');

    const adapter = adapterFor('featuretype')!;
    const live = (await observe('featuretype')).find((resource) => resource.key === 'urbanisme:plu_zonage')!;
    await adapter.update(ctx, desiredOf('featuretype')[0], live);
    for (const result of await drift('featuretype')) expect(result.diff, result.key).toBe('');
  });

  it('updates a style body and a layer from a changed desired state', async () => {
    const next = structuredClone(state);
    next.styles[0].body = latin1Sld('plu_zonage', '#00FF00');
    next.layers[0].styles = ['plu_zonage'];
    next.layers[0].queryable = false;
    for (const kind of ['style', 'layer']) {
      const adapter = adapterFor(kind)!;
      const before = await drift(kind, next);
      expect(
        before.some((result) => result.diff !== ''),
        kind,
      ).toBe(true);
      const live = new Map((await observe(kind)).map((resource) => [resource.key, resource]));
      for (const resource of desiredOf(kind, next)) await adapter.update(ctx, resource, live.get(resource.key)!);
      for (const result of await drift(kind, next)) expect(result.diff, `${kind}:${result.key}`).toBe('');
    }
    // back to the fixture for the next tests
    for (const kind of ['style', 'layer']) {
      const adapter = adapterFor(kind)!;
      const live = new Map((await observe(kind)).map((resource) => [resource.key, resource]));
      for (const resource of desiredOf(kind)) await adapter.update(ctx, resource, live.get(resource.key)!);
    }
  });

  it("sends the record's metadata link with the layer's extra links, and compares them as a set", async () => {
    const page = { type: 'text/html', metadataType: 'other', content: 'https://example.org/plu', about: 'Notice du PLU' };
    const next = structuredClone(state);
    next.layers[0].metadataLinks = [page];
    const adapter = adapterFor('featuretype')!;
    const [before] = await drift('featuretype', next);
    expect(before!.diff).toContain('https://example.org/plu');
    const live = (await observe('featuretype')).find((resource) => resource.key === 'urbanisme:plu_zonage')!;
    await adapter.update(ctx, desiredOf('featuretype', next)[0], live);
    for (const result of await drift('featuretype', next)) expect(result.diff, result.key).toBe('');

    const stored = (await getFeatureType(ctx.geoserver, 'urbanisme', 'sig', 'plu_zonage'))!.metadataLinks;
    expect(stored.map((link) => link.content)).toEqual([expect.stringContaining(RECORD_UUID), page.content]);
    await updateFeatureType(ctx.geoserver, 'urbanisme', 'sig', 'plu_zonage', { name: 'plu_zonage', metadataLinks: [...stored].reverse() });
    for (const result of await drift('featuretype', next)) expect(result.diff, result.key).toBe('');
    const [removed] = await drift('featuretype');
    expect(removed!.diff).toContain('-    about: "Notice du PLU"');

    const restored = (await observe('featuretype')).find((resource) => resource.key === 'urbanisme:plu_zonage')!;
    await adapter.update(ctx, desiredOf('featuretype')[0], restored);
    for (const result of await drift('featuretype')) expect(result.diff, result.key).toBe('');
    expect(await control('/violations')).toEqual([]);
  });

  it('does not report the dateStamp GeoNetwork rewrites on overwrite', async () => {
    const adapter = adapterFor('record')!;
    const [desired] = desiredOf('record');
    const [live] = await observe('record');
    await adapter.update(ctx, desired, live);
    const xml = await ctx.geonetwork.getRecordXml(RECORD_UUID);
    expect(xml).not.toContain('2024-01-15T10:00:00');
    const [result] = await drift('record');
    expect(result.diff).toBe('');
    expect(result.ignored).toEqual([{ rule: 'gmd:dateStamp', path: 'gmd:MD_Metadata/gmd:dateStamp' }]);

    const next = structuredClone(state);
    next.records[0].xml = recordXml('PLU — zonage révisé');
    const [changed] = await drift('record', next);
    expect(changed.diff).toMatch(/^\+\s*<gco:CharacterString>PLU — zonage révisé<\/gco:CharacterString>$/m);
  });

  it('does not fetch a record again when its changeDate has not moved', async () => {
    const [first] = await observe('record');
    const canonical = adapterFor('record')!.normalise(first, ctx.rules).text;
    const previous = new Map([[first.key, { version: first.version, canonical }]]);
    await control('/requests', 'DELETE');
    const [again] = await observe('record', previous);
    const counts = (await control('/requests')).counts as Record<string, number>;
    expect(Object.keys(counts).filter((route) => route.includes('formatters/xml'))).toEqual([]);
    expect(adapterFor('record')!.normalise(again, ctx.rules).text).toBe(canonical);

    await control('/requests', 'DELETE');
    await observe('record', new Map([[first.key, { version: 'an older changeDate', canonical }]]));
    const refetched = (await control('/requests')).counts as Record<string, number>;
    expect(
      Object.entries(refetched)
        .filter(([route]) => route.includes('formatters/xml'))
        .map(([, n]) => n),
    ).toEqual([1]);
  });

  it('does not fetch a style body again when its dateModified has not moved', async () => {
    const styles = await observe('style');
    const previous = new Map(styles.map((style) => [style.key, { version: style.version, canonical: adapterFor('style')!.normalise(style, ctx.rules).text }]));
    expect(styles.every((style) => style.version)).toBe(true);
    await control('/requests', 'DELETE');
    const again = await observe('style', previous);
    const counts = (await control('/requests')).counts as Record<string, number>;
    // info (.json) and body reads share a route: one read per style means no body was fetched
    const styleReads = Object.entries(counts).filter(([route]) => /^GET .*styles\/\{style\}$/.test(route));
    expect(again.map((style) => adapterFor('style')!.normalise(style, ctx.rules).text)).toEqual([...previous.values()].map((entry) => entry.canonical));
    expect(styleReads.reduce((sum, [, n]) => sum + n, 0)).toBe(styles.length);
  });

  it('observes only the keys asked for', async () => {
    await control('/requests', 'DELETE');
    const found = await observe('layer', new Map(), new Set(['urbanisme:plu_zonage']));
    expect(found.map((resource) => resource.key)).toEqual(['urbanisme:plu_zonage']);
    const counts = (await control('/requests')).counts as Record<string, number>;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('deletes everything in reverse order', async () => {
    for (const adapter of [...adapters].reverse()) {
      const keys = new Set(adapter.desired(state).map((resource) => resource.key));
      for (const live of await adapter.observe(ctx, { previous: new Map() })) {
        if (keys.has(live.key)) await adapter.delete(ctx, live);
      }
      // an area of access rules always exists on GeoServer: deleting it leaves it without rules; a global service and the global settings are never deleted
      const left = (await adapter.observe(ctx, { previous: new Map() }))
        .filter((resource) => keys.has(resource.key))
        .filter((resource) => !(resource.kind === 'accessrule' && Object.keys((resource.spec as { rules: object }).rules).length === 0))
        .filter((resource) => !(resource.kind === 'service' && !resource.key.includes(':')) && resource.kind !== 'settings');
      expect(left, adapter.kind).toEqual([]);
    }
    expect(await control('/violations')).toEqual([]);
  });
});
