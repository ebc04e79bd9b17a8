// What a twin seeded from a desired state holds is what geoflux would publish on that platform: the
// engine's rendered state (selectors, {{vars}}, XSLT), computed once per seed and shared by the twins.
import type { DesiredState } from '../reconciler/desired/model.ts';
import { GeofluxError } from '../reconciler/core/problems.ts';
import { renderPlatform } from '../reconciler/engine/render.ts';
import type { RenderedState } from '../reconciler/resources/types.ts';
import type { SeedSource } from './types.ts';

const renderings = new WeakMap<DesiredState, Map<string, Promise<RenderedState>>>();

/**
 * The desired state of a seed rendered for its platform (absent: the first platform in promotion order, as
 * `geoflux twins --seed` does), or undefined for a seed without a desired state.
 */
export function renderedSeed(source: SeedSource): Promise<RenderedState> | undefined {
  const desired = source.desired;
  if (!desired) return undefined;
  const platform = source.platform === undefined ? desired.config.platforms[0] : desired.config.platforms.find((p) => p.name === source.platform);
  if (!platform) {
    const known = desired.config.platforms.map((p) => p.name).join(', ') || 'none';
    const wanted = source.platform === undefined ? 'a platform' : `platform '${source.platform}'`;
    return Promise.reject(new GeofluxError('NoSuchPlatform', `twin seed: no ${wanted} (platforms: ${known})`, desired.config.location));
  }
  let byPlatform = renderings.get(desired);
  if (!byPlatform) renderings.set(desired, (byPlatform = new Map()));
  let rendered = byPlatform.get(platform.name);
  if (!rendered) {
    rendered = renderPlatform(desired, platform);
    byPlatform.set(platform.name, rendered);
  }
  return rendered;
}
