// What a run killed between two requests leaves behind is observed, planned and finished by the
// next run: a style entry without its body, a featuretype without its layer, a record shared by
// hand without a changeDate move.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwins, type RunningTwins } from '../../twins/server.ts';
import { platformFor, renderedState } from './__fixtures__/state.ts';
import { adapters, adapterFor, createPlatformContext, type ClosablePlatformContext } from './registry.ts';
import type { RenderedState } from './types.ts';
import { deleteLayer } from './layer/rest.ts';
import { createStyle } from './style/rest.ts';

let twins: RunningTwins;
let ctx: ClosablePlatformContext;
let state: RenderedState;

beforeAll(async () => {
  twins = await startTwins();
  state = renderedState(platformFor(twins, { geoserver: ['admin', 'geoserver'], geonetwork: ['admin', 'admin'] }));
  ctx = createPlatformContext(state.platform, { rules: state.config.ignore, scope: state.config.scope, retryBaseMs: 1 });
  for (const adapter of adapters) for (const resource of adapter.desired(state)) await adapter.create(ctx, resource);
});

afterAll(async () => {
  await ctx?.close();
  await twins?.close();
});

const observeOne = async (kind: string, key: string, previous = new Map()) =>
  (await adapterFor(kind)!.observe(ctx, { previous, keys: new Set([key]) })).find((resource) => resource.key === key);

describe('half-applied objects', () => {
  it('observes a style entry without body as an empty body to update, and a create carries on with the body', async () => {
    const adapter = adapterFor('style')!;
    const [first] = adapter.desired(state);
    const desired = { ...first!, key: 'demi', spec: { ...(first!.spec as object), name: 'demi', workspace: undefined } };
    await createStyle(ctx.geoserver, { name: 'demi', filename: 'demi.sld', format: 'sld', languageVersion: '1.0.0' });

    const half = await observeOne('style', desired.key);
    expect(half).toBeDefined();
    expect(adapter.normalise(half!, ctx.rules).text).toBe('languageVersion: 1.0.0\n(no body)');
    expect(adapter.normalise(half!, ctx.rules).text).not.toBe(adapter.normalise(desired, ctx.rules).text);

    await adapter.create(ctx, desired);
    const done = await observeOne('style', desired.key);
    expect(adapter.normalise(done!, ctx.rules).text).toBe(adapter.normalise(desired, ctx.rules).text);
  });

  it('publishes again a featuretype whose layer is gone', async () => {
    const adapter = adapterFor('layer')!;
    const desired = adapter.desired(state)[0]!;
    const [ws, name] = desired.key.split(':') as [string, string];
    for (const group of adapterFor('layergroup')!.desired(state)) await adapterFor('layergroup')!.delete(ctx, { ...group, dependsOn: undefined } as never);
    await deleteLayer(ctx.geoserver, ws, name);
    expect(await observeOne('layer', desired.key)).toBeUndefined();
    expect(await observeOne('featuretype', desired.key)).toBeDefined();

    await adapter.create(ctx, desired);
    const layer = await observeOne('layer', desired.key);
    expect(layer).toBeDefined();
    expect(adapter.normalise(layer!, ctx.rules).text).toBe(adapter.normalise(desired, ctx.rules).text);
  });

  it("reads a record's publication afresh when its changeDate did not move (the XML's canonical form is reused)", async () => {
    const adapter = adapterFor('record')!;
    const desired = adapter.desired(state)[0]!;
    const first = await observeOne('record', desired.key);
    const canonical = adapter.normalise(first!, ctx.rules).text;
    expect(canonical.startsWith('publishedToAll: true\n')).toBe(true);

    await ctx.geonetwork.setPublishedToAll(desired.key, false);
    const again = await observeOne('record', desired.key, new Map([[desired.key, { version: first!.version, canonical }]]));
    expect(again!.version).toBe(first!.version);
    expect(adapter.normalise(again!, ctx.rules).text.startsWith('publishedToAll: false\n')).toBe(true);
    expect(adapter.normalise(again!, ctx.rules).text).not.toBe(adapter.normalise(desired, ctx.rules).text);
  });
});
