// The desired-state core bound to the registry's kinds: what the rest of geoflux calls to load,
// validate and select a desired state.
import { loadRepository as loadWithKinds, type LoadedRepository, type LoadOptions } from '../desired/load.ts';
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import { selectForPlatform as selectWithKinds, withSelection, type Selection } from '../desired/selection.ts';
import type { Problem } from '../core/problems.ts';
import { validateRepository as validateWithKinds, type ValidateOptions } from '../desired/validate.ts';
import { desiredKinds } from './registry.ts';

export type { LoadedRepository } from '../desired/load.ts';

export function loadRepository(options: Omit<LoadOptions, 'kinds'>): Promise<LoadedRepository> {
  return loadWithKinds({ ...options, kinds: desiredKinds });
}

/** The desired state at a commit and the per-file problems found while reading it. */
export async function loadDesiredState(options: Omit<LoadOptions, 'kinds'>): Promise<Pick<LoadedRepository, 'state' | 'problems'>> {
  const { state, problems } = await loadRepository(options);
  return { state, problems };
}

export function selectForPlatform(state: DesiredState, platform: PlatformConfig): Selection {
  return selectWithKinds(state, platform, desiredKinds);
}

/** The desired state as one platform publishes it (selectors applied, nothing rendered yet). */
export function publishedOn<State extends DesiredState>(state: State, platform: PlatformConfig): State {
  return withSelection(state, selectForPlatform(state, platform), desiredKinds);
}

/** validate's checks with the registry's kinds (see desired/validate.ts). */
export function validateRepository(options: Omit<ValidateOptions, 'kinds'>): Promise<Problem[]> {
  return validateWithKinds({ ...options, kinds: desiredKinds });
}
